import { createRoute, z } from '@hono/zod-openapi';
import { SIGNUP_MODES } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { json } from './shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/auth/options',
  tags: ['accounts'],
  summary: 'How accounts are created here (the console shows its sign-up form only when `open`)',
  responses: {
    200: json(z.object({ signup: z.enum(SIGNUP_MODES) }), 'The sign-up mode (SIGNUP_MODE)'),
  },
});

export function registerAuthOptions(app: ControlRouter): void {
  app.openapi(route, (c) => c.json({ signup: c.get('services').access.signupMode }, 200));
}
