import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { login } from '@quarry/control-plane';
import type { Context } from 'hono';
import type { ControlEnv, ControlRouter } from '../openapi.ts';
import { bodyResponses, commonResponses, errorJson, json, jsonBody, withRetryAfter } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/auth/login',
  operationId: 'login',
  tags: ['accounts'],
  summary: 'Log in; the returned token is a personal access token (pat_…)',
  security: [],
  request: { body: jsonBody(wire.LoginBody) },
  responses: {
    200: json(z.object({ token: z.string(), user: wire.Profile }), 'A new personal access token, shown once'),
    ...bodyResponses,
    401: errorJson('Invalid email or password'),
    ...commonResponses,
    429: withRetryAfter('Too many attempts for this account or address; see Retry-After'),
    503: withRetryAfter('The catalog or the login throttle (Redis) is unavailable; see Retry-After'),
  },
});

export function registerLogin(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const result = await login(c.get('services'), { ...c.req.valid('json'), address: clientAddress(c) });
    return c.json(result, 200);
  });
}

// The socket address: a forwarded-for header is client-controlled unless a trusted proxy sets it.
function clientAddress(c: Context<ControlEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
