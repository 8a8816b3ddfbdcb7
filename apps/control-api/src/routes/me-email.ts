import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { changeEmail } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { CREDENTIAL_CHANGE_RESPONSES } from './me-password.ts';
import { bearer, json, jsonBody, verbContext } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/dashboard/me/email',
  operationId: 'changeEmail',
  tags: ['accounts'],
  summary: 'Change your sign-in email; the current password is required',
  description:
    'The address is stored lowercase and signs in at once; attempts share the login throttle of the account.',
  security: bearer,
  request: { body: jsonBody(wire.EmailChangeBody) },
  responses: {
    200: json(z.object({ user: wire.Profile }), 'The updated profile'),
    ...CREDENTIAL_CHANGE_RESPONSES,
    409: json(wire.ErrorResponse, 'Email already registered'),
  },
});

export function registerMeEmail(app: ControlRouter): void {
  app.openapi(route, async (c) =>
    c.json({ user: await changeEmail(verbContext(c), c.req.valid('json')) }, 200),
  );
}
