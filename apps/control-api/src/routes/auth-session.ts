import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { checkCredentials, createSession, profileOf, revokeSession } from '@quarry/control-plane';
import { clientAddress } from '@quarry/server-kit';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { ControlEnv, ControlRouter } from '../openapi.ts';
import {
  cookieIsSecure,
  requireSameOrigin,
  SESSION_COOKIE,
  sessionActor,
  sessionCookie,
} from '../session-auth.ts';
import { json, jsonBody } from './shared.ts';

const SessionAnswer = z.object({ user: wire.Profile }).openapi('Session');
const cookieAuth = [{ sessionCookie: [] }];

const signIn = createRoute({
  method: 'post',
  path: '/api/auth/session',
  operationId: 'createSession',
  security: [],
  tags: ['accounts'],
  summary: 'Sign in to the console: sets the HttpOnly `quarry_session` cookie (no token in the body)',
  request: { body: jsonBody(wire.LoginBody) },
  responses: {
    200: json(SessionAnswer, 'Signed in; the session cookie is set'),
    400: json(wire.ErrorResponse, 'Missing email or password'),
    401: json(wire.ErrorResponse, 'Invalid email or password'),
    403: json(wire.ErrorResponse, 'Origin is not this server'),
    429: json(wire.ErrorResponse, 'Too many attempts for this account or address; see Retry-After'),
    503: json(wire.ErrorResponse, 'The login throttle (Redis) is unavailable; see Retry-After'),
  },
});

const whoAmI = createRoute({
  method: 'get',
  path: '/api/auth/session',
  operationId: 'getSession',
  tags: ['accounts'],
  summary: 'Who is signed in with this session cookie',
  security: cookieAuth,
  responses: {
    200: json(SessionAnswer, 'The signed-in user'),
    401: json(wire.ErrorResponse, 'No session, or it expired, idled out or was signed out'),
  },
});

const signOut = createRoute({
  method: 'delete',
  path: '/api/auth/session',
  operationId: 'deleteSession',
  tags: ['accounts'],
  summary: 'Sign out: revokes the session and clears the cookie',
  security: cookieAuth,
  responses: {
    204: { description: 'Signed out (also when there was no session)' },
    403: json(wire.ErrorResponse, 'Origin is not this server'),
  },
});

export function registerSession(app: ControlRouter): void {
  app.openapi(signIn, async (c) => {
    // Login CSRF: another site must not sign the browser into an account of its choosing.
    requireSameOrigin(c);
    const services = c.get('services');
    const user = await checkCredentials(services, {
      ...c.req.valid('json'),
      address: clientAddress(c, services.access.trustedProxies),
    });
    const { token, expiresAt } = await createSession(services.db, user.id, services.sessions);
    setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), expires: expiresAt });
    return c.json({ user }, 200);
  });
  app.openapi(whoAmI, async (c) => {
    const { userId } = await sessionActor(c);
    return c.json({ user: await profileOf(c.get('services').db, userId) }, 200);
  });
  app.openapi(signOut, async (c) => {
    requireSameOrigin(c);
    await revokeSession(c.get('services').db, sessionCookie(c));
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    return c.body(null, 204);
  });
}

function cookieOptions(c: Context<ControlEnv>) {
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: cookieIsSecure(c) } as const;
}
