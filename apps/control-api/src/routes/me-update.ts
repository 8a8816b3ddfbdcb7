import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { updateProfile } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import {
  bearer,
  bodyResponses,
  commonResponses,
  errorJson,
  errorResponses,
  json,
  jsonBody,
  verbContext,
} from './shared.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/dashboard/me',
  operationId: 'updateProfile',
  tags: ['accounts'],
  summary: 'Update your profile (at least one field)',
  security: bearer,
  request: { body: jsonBody(wire.ProfilePatch) },
  responses: {
    200: json(z.object({ user: wire.Profile }), 'The updated profile'),
    ...bodyResponses,
    401: errorResponses[401],
    ...commonResponses,
    409: errorJson('Username already taken.'),
  },
});

export function registerMeUpdate(app: ControlRouter): void {
  app.openapi(route, async (c) =>
    c.json({ user: await updateProfile(verbContext(c), c.req.valid('json')) }, 200),
  );
}
