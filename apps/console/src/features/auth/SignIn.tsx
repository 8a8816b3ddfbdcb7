import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ErrorNote, Field } from '../../ui/primitives';
import { signIn, signUp, signupOptionsQuery } from './session';

/** Sign in and sign up share one form; what they keep typed survives an error. */
function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const options = useQuery(signupOptionsQuery);
  const submit = useMutation({
    mutationFn: () => (mode === 'sign-in' ? signIn(email, password) : signUp(email, password)),
    onSuccess: async (session) => {
      queryClient.setQueryData(['session'], session);
      await navigate({ to: '/' });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  const title = mode === 'sign-in' ? 'Sign in to Quarry' : 'Create your Quarry account';
  return (
    <main className="auth">
      <h1>{title}</h1>
      <form onSubmit={onSubmit} aria-label={title}>
        <Field label="Email" type="email" value={email} onChange={setEmail} required autoComplete="email" />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          required
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          hint={mode === 'sign-up' ? 'At least 8 characters.' : undefined}
        />
        <ErrorNote error={submit.error} />
        <button type="submit" disabled={submit.isPending}>
          {mode === 'sign-in' ? 'Sign in' : 'Sign up'}
        </button>
      </form>
      {mode === 'sign-in' && options.data === 'open' && (
        <p>
          New here? <Link to="/sign-up">Create an account</Link>
        </p>
      )}
      {mode === 'sign-up' && (
        <p>
          Have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      )}
    </main>
  );
}

export const SignInPage = () => <AuthForm mode="sign-in" />;
export const SignUpPage = () => <AuthForm mode="sign-up" />;
