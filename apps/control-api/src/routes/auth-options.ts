import { createRoute, z } from '@hono/zod-openapi';
import { SIGNUP_MODES } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { commonResponses, errorJson, json } from './shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/auth/options',
  operationId: 'authOptions',
  tags: ['accounts'],
  summary: 'How accounts are created here (the console shows its sign-up form only when `open`)',
  security: [],
  responses: {
    200: json(z.object({ signup: z.enum(SIGNUP_MODES) }), 'The sign-up mode (SIGNUP_MODE)'),
    // Public and body-less: only the refusals every route shares.
    ...commonResponses,
    404: errorJson('A mistyped path (every unknown route answers this JSON 404)'),
  },
});

export function registerAuthOptions(app: ControlRouter): void {
  app.openapi(route, (c) => c.json({ signup: c.get('services').access.signupMode }, 200));
}
