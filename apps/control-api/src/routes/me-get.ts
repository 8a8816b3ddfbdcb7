import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { getProfile } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, commonResponses, errorResponses, json, verbContext } from './shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/dashboard/me',
  operationId: 'getProfile',
  tags: ['accounts'],
  summary: 'Your profile',
  security: bearer,
  responses: {
    200: json(z.object({ user: wire.Profile }), 'Your profile'),
    401: errorResponses[401],
    ...commonResponses,
  },
});

export function registerMeGet(app: ControlRouter): void {
  app.openapi(route, async (c) => c.json({ user: await getProfile(verbContext(c)) }, 200));
}
