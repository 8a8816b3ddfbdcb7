import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { registerSchema, requireProject } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { readJson } from './read-json.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

// Documented with a plain JSON schema, so the route does not validate it: the schema package does,
// with messages that name the offending field.
const SCHEMA_BODY_DOC = z.toJSONSchema(wire.SchemaBody, { target: 'openapi-3.0' }) as object;

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}/{id}/schema',
  tags: ['datasets'],
  summary: 'Register the dataset schema (once; immutable) and create its typed table',
  security: bearer,
  request: {
    params: wire.ProjectIdParam,
    body: { content: { 'application/json': { schema: SCHEMA_BODY_DOC } } },
  },
  responses: {
    200: json(z.object({ dataset: wire.Dataset }), 'Registered: status active'),
    ...errorResponses,
    409: json(wire.ErrorResponse, 'A schema is already registered'),
    503: json(wire.ErrorResponse, 'The warehouse could not create the table; nothing was registered'),
  },
});

export function registerDatasetSchema(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project, 'admin'));
    const dataset = await registerSchema(ctx, project, id, body);
    return c.json({ dataset }, 200);
  });
}
