import { queryOptions } from '@tanstack/react-query';
import { ApiFailure, api, call } from '../../api/client';

/** Who is signed in; a 401 means nobody (the route guard sends the user to sign in). */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: () => call(api.GET('/api/auth/session')),
  retry: false,
  staleTime: 60_000,
});

export type SignupMode = 'open' | 'invite' | 'closed';

/** Whether sign-up is offered; an API without the options route (404) has open sign-up. */
export const signupOptionsQuery = queryOptions({
  queryKey: ['auth-options'],
  queryFn: async (): Promise<SignupMode> => {
    const response = await fetch('/api/auth/options', { credentials: 'same-origin' });
    if (response.status === 404) return 'open';
    if (!response.ok) throw new ApiFailure(response.status, 'Could not read the sign-up options');
    const body = (await response.json()) as { signup?: SignupMode };
    return body.signup ?? 'open';
  },
  staleTime: Number.POSITIVE_INFINITY,
});

export function signIn(email: string, password: string) {
  return call(api.POST('/api/auth/session', { body: { email, password } }));
}

export async function signUp(email: string, password: string) {
  await call(api.POST('/api/auth/signup', { body: { email, password } }));
  return signIn(email, password);
}

export function signOut() {
  return call(api.DELETE('/api/auth/session'));
}
