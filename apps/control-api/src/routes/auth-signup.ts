import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { publicSignup } from '@quarry/control-plane';
import { clientAddress } from '@quarry/server-kit';
import type { ControlRouter } from '../openapi.ts';
import { bodyResponses, commonResponses, errorJson, json, jsonBody, withRetryAfter } from './shared.ts';

const SignupBody = wire.SignupBody.extend({
  invitation: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('The code from `quarry users invite` (required when SIGNUP_MODE=invite)'),
});

const route = createRoute({
  method: 'post',
  path: '/api/auth/signup',
  operationId: 'signup',
  tags: ['accounts'],
  summary: 'Create an account (email and password of at least 8 characters), as SIGNUP_MODE allows',
  security: [],
  request: { body: jsonBody(SignupBody) },
  responses: {
    201: json(z.object({ user: wire.Profile }), 'Account created; log in to get a token'),
    ...bodyResponses,
    ...commonResponses,
    403: errorJson('Sign-up is closed, or by invitation and the invitation is missing or invalid'),
    409: errorJson('Email already registered'),
    429: withRetryAfter('Too many sign-ups from this address; see Retry-After'),
  },
});

export function registerSignup(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const services = c.get('services');
    const user = await publicSignup(services, services.access.signupMode, {
      ...c.req.valid('json'),
      address: clientAddress(c, services.access.trustedProxies),
    });
    return c.json({ user }, 201);
  });
}
