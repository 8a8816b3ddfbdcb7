import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorNote, Field, Loading } from '../../ui/primitives';
import { RowAction } from './parts';
import { membersQuery } from './queries';
import { can, type Role } from './roles';
import { useRole } from './SettingsLayout';

const ROLES: Role[] = ['member', 'admin', 'owner'];

/** Who is in the project; owners add, change and remove members and can hand the project over. */
export function MembersPage() {
  const { project = '' } = useParams({ strict: false });
  const role = useRole(project);
  const manage = can(role, 'manageMembers');
  const members = useQuery(membersQuery(project));
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members', project] });
  const put = useMutation({
    mutationFn: (body: { email: string; role: Role }) =>
      call(api.PUT('/api/projects/{project}/members', { params: { path: { project } }, body })),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: number) =>
      call(api.DELETE('/api/projects/{project}/members/{userId}', { params: { path: { project, userId } } })),
    onSettled: refresh,
  });
  return (
    <>
      <h2>Members</h2>
      <p className="muted">
        Members read datasets, logs and keys; admins also manage keys and the destination; owners also manage
        members and ownership.
      </p>
      {members.isPending && <Loading what="members" />}
      <ErrorNote error={members.error} />
      <ErrorNote error={put.error ?? remove.error} />
      {members.data && (
        <table>
          <caption>Members of {project}</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.data.members.map((member) => (
              <tr key={member.userId}>
                <th scope="row">{member.email}</th>
                <td>{member.username ?? '—'}</td>
                <td>
                  {manage ? (
                    <select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      onChange={(event) =>
                        put.mutate({ email: member.email, role: event.target.value as Role })
                      }
                    >
                      {ROLES.map((option) => (
                        <option key={option}>{option}</option>
                      ))}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
                {manage && (
                  <td>
                    <RowAction
                      danger
                      label={`Remove ${member.email}`}
                      onClick={() => remove.mutate(member.userId)}
                    >
                      Remove
                    </RowAction>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && <AddMember onAdd={(body) => put.mutateAsync(body)} pending={put.isPending} />}
      {can(role, 'transferProject') && <Transfer project={project} />}
    </>
  );
}

function AddMember(props: {
  onAdd: (body: { email: string; role: Role }) => Promise<unknown>;
  pending: boolean;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const roleId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void props.onAdd({ email, role }).then(
      () => setEmail(''),
      () => undefined,
    );
  };
  return (
    <form onSubmit={onSubmit} aria-label="Add a member">
      <h3>Add a member</h3>
      <Field
        label="Member email"
        type="email"
        value={email}
        onChange={setEmail}
        required
        hint="They must have an account already."
      />
      <div className="field">
        <label htmlFor={roleId}>Role</label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={props.pending}>
        Add member
      </button>
    </form>
  );
}

function Transfer({ project }: { project: string }) {
  const [email, setEmail] = useState('');
  const queryClient = useQueryClient();
  const transfer = useMutation({
    mutationFn: () =>
      call(api.POST('/api/projects/{project}/transfer', { params: { path: { project } }, body: { email } })),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    transfer.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="Transfer ownership">
      <h3>Transfer ownership</h3>
      <p className="muted">
        The new owner must be a member already; the dataset record quota becomes theirs.
      </p>
      <Field label="New owner email" type="email" value={email} onChange={setEmail} required />
      <ErrorNote error={transfer.error} />
      {transfer.isSuccess && <p role="status">Ownership transferred.</p>}
      <button type="submit" disabled={transfer.isPending}>
        Transfer
      </button>
    </form>
  );
}
