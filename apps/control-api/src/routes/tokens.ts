import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { createPat, listPats, revokePat, SCOPES } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, bodyResponses, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const Pat = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  scopes: z.array(z.enum(SCOPES)),
  expiresAt: z.string().nullable(),
});

const CreatePatBody = wire.NamedBody.extend({
  scopes: z
    .array(z.enum(SCOPES))
    .min(1)
    .max(SCOPES.length)
    .optional()
    .describe(
      'read (queries, log search, reads), write (ingest keys, datasets, schemas), admin (members, destinations, tokens); default: those of the calling token',
    ),
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the token stops working (RFC 3339); default: never'),
});

const create = createRoute({
  method: 'post',
  path: '/api/dashboard/tokens',
  operationId: 'createToken',
  tags: ['tokens'],
  summary: 'Create a personal access token; the token is shown once',
  security: bearer,
  request: { body: jsonBody(CreatePatBody) },
  responses: {
    201: json(z.object({ token: z.string(), pat: Pat }), 'Created'),
    ...errorResponses,
    ...bodyResponses,
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/dashboard/tokens',
  operationId: 'listTokens',
  tags: ['tokens'],
  summary: 'Your personal access tokens (never their secrets)',
  security: bearer,
  responses: { 200: json(z.object({ tokens: z.array(Pat) }), 'Your tokens'), ...errorResponses },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api/dashboard/tokens/{id}',
  operationId: 'revokeToken',
  tags: ['tokens'],
  summary: 'Revoke a personal access token',
  security: bearer,
  request: { params: wire.IdParam },
  responses: { 200: json(z.object({ pat: Pat }), 'Revoked'), ...errorResponses },
});

/** Create, list and revoke share one file: they are one small resource with one shape. */
export function registerTokens(app: ControlRouter): void {
  app.openapi(create, async (c) => {
    const { expiresAt, ...input } = c.req.valid('json');
    const grant = { ...input, ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt) }) };
    return c.json(await createPat(verbContext(c), grant), 201);
  });
  app.openapi(list, async (c) => c.json({ tokens: await listPats(verbContext(c)) }, 200));
  app.openapi(revoke, async (c) =>
    c.json({ pat: await revokePat(verbContext(c), c.req.valid('param')) }, 200),
  );
}
