import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { changeIngestKey, createIngestKey, listIngestKeys } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, bodyResponses, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const Key = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(['active', 'disabled', 'revoked']),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z
    .string()
    .nullable()
    .optional()
    .describe('Listing only: when a gateway last accepted the key (to within ~30 s), null if not seen'),
});

const base = { tags: ['ingest keys'], security: bearer };
const keyParams = wire.ProjectIdParam;

const create = createRoute({
  ...base,
  method: 'post',
  path: '/api/projects/{project}/keys',
  operationId: 'createIngestKey',
  summary: 'Create a project API key for the data plane; `apiKey` is shown once',
  request: { params: wire.ProjectParam, body: jsonBody(wire.NamedBody) },
  responses: {
    201: json(z.object({ apiKey: z.string(), key: Key }), 'Created'),
    ...errorResponses,
    ...bodyResponses,
  },
});

const list = createRoute({
  ...base,
  method: 'get',
  path: '/api/projects/{project}/keys',
  operationId: 'listIngestKeys',
  summary: 'The project API keys (never their secrets)',
  request: { params: wire.ProjectParam },
  responses: { 200: json(z.object({ keys: z.array(Key) }), 'The keys'), ...errorResponses },
});

const change = (operationId: string, method: 'post' | 'delete', path: string, summary: string) =>
  createRoute({
    ...base,
    operationId,
    method,
    path,
    summary,
    request: { params: keyParams },
    responses: { 200: json(z.object({ key: Key }), 'The key'), ...errorResponses },
  });

const changes = [
  {
    action: 'disable',
    route: change(
      'disableIngestKey',
      'post',
      '/api/projects/{project}/keys/{id}/disable',
      'Disable a key (reversible); gateways refuse it within seconds',
    ),
  },
  {
    action: 'enable',
    route: change(
      'enableIngestKey',
      'post',
      '/api/projects/{project}/keys/{id}/enable',
      'Enable a disabled key (a revoked key stays revoked)',
    ),
  },
  {
    action: 'revoke',
    route: change(
      'revokeIngestKey',
      'delete',
      '/api/projects/{project}/keys/{id}',
      'Revoke a key for good; gateways refuse it within seconds',
    ),
  },
] as const;

export function registerKeys(app: ControlRouter): void {
  app.openapi(create, async (c) =>
    c.json(await createIngestKey(verbContext(c), c.req.valid('param').project, c.req.valid('json')), 201),
  );
  app.openapi(list, async (c) =>
    c.json({ keys: await listIngestKeys(verbContext(c), c.req.valid('param').project) }, 200),
  );
  for (const { action, route } of changes) {
    app.openapi(route, async (c) => {
      const { project, id } = c.req.valid('param');
      return c.json({ key: await changeIngestKey(verbContext(c), project, { id, action }) }, 200);
    });
  }
}
