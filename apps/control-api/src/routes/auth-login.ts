import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { login } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { clientAddress } from '../request-address.ts';
import { json, jsonBody } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['accounts'],
  summary: 'Log in; the returned token is a personal access token (pat_…)',
  request: { body: jsonBody(wire.LoginBody) },
  responses: {
    200: json(z.object({ token: z.string(), user: wire.Profile }), 'A new personal access token, shown once'),
    400: json(wire.ErrorResponse, 'Missing email or password'),
    401: json(wire.ErrorResponse, 'Invalid email or password'),
    429: json(wire.ErrorResponse, 'Too many attempts for this account or address; see Retry-After'),
    503: json(wire.ErrorResponse, 'The login throttle (Redis) is unavailable; see Retry-After'),
  },
});

export function registerLogin(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const result = await login(c.get('services'), { ...c.req.valid('json'), address: clientAddress(c) });
    return c.json(result, 200);
  });
}
