import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { login } from '@quarry/control-plane';
import { clientAddress } from '@quarry/server-kit';
import type { ControlRouter } from '../openapi.ts';
import { bodyResponses, commonResponses, errorJson, json, jsonBody, withRetryAfter } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/auth/login',
  operationId: 'login',
  tags: ['accounts'],
  summary: 'Log in; the returned token is a personal access token (pat_…) with every scope that expires',
  security: [],
  request: { body: jsonBody(wire.LoginBody) },
  responses: {
    200: json(
      z.object({ token: z.string(), expiresAt: z.string(), user: wire.Profile }),
      'A new personal access token, shown once, valid until `expiresAt` (LOGIN_TOKEN_TTL_MINUTES)',
    ),
    ...bodyResponses,
    401: errorJson('Invalid email or password'),
    ...commonResponses,
    429: withRetryAfter('Too many attempts for this account or address; see Retry-After'),
    503: withRetryAfter('The catalog or the login throttle (Redis) is unavailable; see Retry-After'),
  },
});

export function registerLogin(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const result = await login(services, {
      ...c.req.valid('json'),
      address: clientAddress(c, services.access.trustedProxies),
      tokenTtlMs: services.access.loginTokenTtlMs,
    });
    return c.json(result, 200);
  });
}
