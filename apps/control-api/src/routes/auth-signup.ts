import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { signup } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bodyResponses, commonResponses, errorJson, json, jsonBody } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/auth/signup',
  operationId: 'signup',
  tags: ['accounts'],
  summary: 'Create an account (email and password of at least 8 characters)',
  security: [],
  request: { body: jsonBody(wire.SignupBody) },
  responses: {
    201: json(z.object({ user: wire.Profile }), 'Account created; log in to get a token'),
    ...bodyResponses,
    ...commonResponses,
    409: errorJson('Email already registered'),
  },
});

export function registerSignup(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const user = await signup(c.get('services'), c.req.valid('json'));
    return c.json({ user }, 201);
  });
}
