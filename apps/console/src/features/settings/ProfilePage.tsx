import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorNote, Field, Loading } from '../../ui/primitives';
import { profileQuery } from './queries';

/** The signed-in user: username and email (each saved alone), and the password. */
export function ProfilePage() {
  const profile = useQuery(profileQuery);
  if (profile.isPending) return <Loading what="your profile" />;
  if (profile.error) return <ErrorNote error={profile.error} />;
  const { user } = profile.data;
  return (
    <>
      <h2>Profile</h2>
      <ProfileField label="Username" field="username" initial={user.username ?? ''} />
      <ProfileField label="Email" field="email" type="email" initial={user.email} />
      <PasswordForm />
    </>
  );
}

function ProfileField(props: { label: string; field: 'username' | 'email'; initial: string; type?: string }) {
  const [value, setValue] = useState(props.initial);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => call(api.PATCH('/api/dashboard/me', { body: { [props.field]: value } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['me'] }),
        queryClient.invalidateQueries({ queryKey: ['session'] }),
      ]),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label={`Change ${props.field}`}>
      <Field label={props.label} type={props.type} value={value} onChange={setValue} required />
      {/* A 409 (`Username already taken.`) shows here, next to the field. */}
      <ErrorNote error={save.error} />
      {save.isSuccess && <p role="status">{props.label} saved.</p>}
      <button type="submit" disabled={save.isPending}>
        Save {props.field}
      </button>
    </form>
  );
}

function PasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () =>
      call(api.POST('/api/dashboard/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      setCurrent('');
      setNew('');
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="Change password">
      <h3>Password</h3>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={setCurrent}
        required
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={setNew}
        required
        hint="At least 8 characters. Your other sessions and login tokens are signed out."
      />
      <ErrorNote error={change.error} />
      {change.isSuccess && <p role="status">Password changed; other sessions were signed out.</p>}
      <button type="submit" disabled={change.isPending}>
        Change password
      </button>
    </form>
  );
}
