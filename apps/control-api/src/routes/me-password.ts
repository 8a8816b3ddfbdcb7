import { createRoute } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { changePassword } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import {
  bearer,
  bodyResponses,
  commonResponses,
  errorJson,
  errorResponses,
  jsonBody,
  verbContext,
  withRetryAfter,
} from './shared.ts';

/** The refusals of a change that needs the current password (this route and me-email.ts). */
export const CREDENTIAL_CHANGE_RESPONSES = {
  ...bodyResponses,
  401: errorResponses[401],
  403: errorJson('The current password is not correct'),
  ...commonResponses,
  429: withRetryAfter('Too many attempts for this account; see Retry-After'),
} as const;

const route = createRoute({
  method: 'post',
  path: '/api/dashboard/me/password',
  operationId: 'changePassword',
  tags: ['accounts'],
  summary: 'Change your password; your other sessions and login tokens end',
  description:
    'The current password is required and attempts share the login throttle of the account. Every ' +
    'browser session and login token (`POST /api/auth/login`) of the user is revoked, except the ' +
    'credential making this request; personal access tokens created on purpose stay valid.',
  security: bearer,
  request: { body: jsonBody(wire.PasswordChangeBody) },
  responses: { 204: { description: 'Changed' }, ...CREDENTIAL_CHANGE_RESPONSES },
});

export function registerMePassword(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    await changePassword(verbContext(c), c.req.valid('json'));
    return c.body(null, 204);
  });
}
