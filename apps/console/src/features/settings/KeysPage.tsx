import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { Empty, ErrorNote, Field, formatTime, Loading } from '../../ui/primitives';
import { RowAction, ShownOnce } from './parts';
import { keysQuery } from './queries';
import { can } from './roles';
import { useRole } from './SettingsLayout';

type KeyAction = 'disable' | 'enable' | 'revoke';

/** Ingest keys: the data plane's credentials. A new key's secret is shown here once. */
export function KeysPage() {
  const { project = '' } = useParams({ strict: false });
  const manage = can(useRole(project), 'manageKeys');
  const keys = useQuery(keysQuery(project));
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: ({ id, action }: { id: number; action: KeyAction }) => {
      const params = { path: { project, id } };
      if (action === 'revoke') return call(api.DELETE('/api/projects/{project}/keys/{id}', { params }));
      if (action === 'disable')
        return call(api.POST('/api/projects/{project}/keys/{id}/disable', { params }));
      return call(api.POST('/api/projects/{project}/keys/{id}/enable', { params }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['keys', project] }),
  });
  return (
    <>
      <h2>Ingest keys</h2>
      <p className="muted">
        Applications send records and logs with these keys. A disabled or revoked key is refused (403) by the
        gateways within seconds; a disabled key can be enabled again, a revoked one cannot.
      </p>
      {manage && <NewKey project={project} />}
      {keys.isPending && <Loading what="keys" />}
      <ErrorNote error={keys.error} />
      <ErrorNote error={change.error} />
      {keys.data?.keys.length === 0 && <Empty>No ingest keys yet.</Empty>}
      {keys.data && keys.data.keys.length > 0 && (
        <table>
          <caption>Ingest keys of {project}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>{key.status}</td>
                <td>{formatTime(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatTime(key.lastUsedAt) : 'never'}</td>
                {manage && (
                  <td className="actions">
                    {key.status === 'active' && (
                      <RowAction
                        label={`Disable ${key.name}`}
                        onClick={() => change.mutate({ id: key.id, action: 'disable' })}
                      >
                        Disable
                      </RowAction>
                    )}
                    {key.status === 'disabled' && (
                      <RowAction
                        label={`Enable ${key.name}`}
                        onClick={() => change.mutate({ id: key.id, action: 'enable' })}
                      >
                        Enable
                      </RowAction>
                    )}
                    {key.status !== 'revoked' && (
                      <RowAction
                        danger
                        label={`Revoke ${key.name}`}
                        onClick={() => change.mutate({ id: key.id, action: 'revoke' })}
                      >
                        Revoke
                      </RowAction>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function NewKey({ project }: { project: string }) {
  const [name, setName] = useState('');
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(api.POST('/api/projects/{project}/keys', { params: { path: { project } }, body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['keys', project] }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="New ingest key">
      <Field label="Key name" value={name} onChange={setName} required />
      <ErrorNote error={create.error} />
      <button type="submit" disabled={create.isPending}>
        Create key
      </button>
      {create.data && (
        <ShownOnce
          message="Key created. Copy it now: it is not shown again."
          label={`Ingest key ${create.data.key.name}`}
          secret={create.data.apiKey}
        />
      )}
    </form>
  );
}
