import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorNote, Field, Loading } from '../../ui/primitives';
import { profileQuery } from './queries';

/** The signed-in user: username, and the email and password (each confirmed with the password). */
export function ProfilePage() {
  const profile = useQuery(profileQuery);
  if (profile.isPending) return <Loading what="your profile" />;
  if (profile.error) return <ErrorNote error={profile.error} />;
  const { user } = profile.data;
  return (
    <>
      <h2>Profile</h2>
      <UsernameForm initial={user.username ?? ''} />
      <EmailForm initial={user.email} />
      <PasswordForm />
    </>
  );
}

function UsernameForm({ initial }: { initial: string }) {
  const [username, setUsername] = useState(initial);
  const save = useMutation({
    mutationFn: () => call(api.PATCH('/api/dashboard/me', { body: { username } })),
    onSuccess: useProfileRefresh(),
  });
  return (
    <form onSubmit={submit(save.mutate)} aria-label="Change username">
      <Field label="Username" value={username} onChange={setUsername} required />
      {/* A 409 (`Username already taken.`) shows here, next to the field. */}
      <ErrorNote error={save.error} />
      {save.isSuccess && <p role="status">Username saved.</p>}
      <button type="submit" disabled={save.isPending}>
        Save username
      </button>
    </form>
  );
}

function EmailForm({ initial }: { initial: string }) {
  const [email, setEmail] = useState(initial);
  const [currentPassword, setCurrent] = useState('');
  const refresh = useProfileRefresh();
  const save = useMutation({
    mutationFn: () => call(api.POST('/api/dashboard/me/email', { body: { email, currentPassword } })),
    onSuccess: async () => {
      setCurrent('');
      await refresh();
    },
  });
  return (
    <form onSubmit={submit(save.mutate)} aria-label="Change email">
      <h3>Email</h3>
      <Field label="Email" type="email" value={email} onChange={setEmail} required />
      <Field
        label="Password to confirm the email"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={setCurrent}
        required
      />
      <ErrorNote error={save.error} />
      {save.isSuccess && <p role="status">Email saved; sign in with it from now on.</p>}
      <button type="submit" disabled={save.isPending}>
        Save email
      </button>
    </form>
  );
}

/** The profile and the session's user (shown on top) are read again after a change. */
function useProfileRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['me'] }),
      queryClient.invalidateQueries({ queryKey: ['session'] }),
    ]);
}

/** A form's submit handler: no page load, then `action`. */
const submit = (action: () => void) => (event: FormEvent) => {
  event.preventDefault();
  action();
};

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
  return (
    <form onSubmit={submit(change.mutate)} aria-label="Change password">
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
