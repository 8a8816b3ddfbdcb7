import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { registerSchema, requireProject } from '@quarry/control-plane';
import { FIELD_TYPES, MAX_FIELD_NAME_LENGTH, MAX_FIELDS, STANDARD_FIELDS } from '@quarry/schema';
import type { ControlRouter } from '../openapi.ts';
import { readJson } from './read-json.ts';
import {
  bearer,
  bodyResponses,
  documentedBody,
  errorJson,
  errorResponses,
  json,
  registerComponent,
  requireJsonContentType,
  verbContext,
  withRetryAfter,
} from './shared.ts';

const reserved = STANDARD_FIELDS.map((name) => `${name}$|`).join('');
const FIELD_NAME = new RegExp(`^(?!${reserved}__)[A-Za-z_][A-Za-z0-9_]{0,${MAX_FIELD_NAME_LENGTH - 1}}$`);

// The rules parseSchemaDefinition applies, for the API description (the verb validates with it).
const SchemaDefinition = z
  .object({
    fields: z
      .record(z.string().regex(FIELD_NAME), z.enum(FIELD_TYPES))
      .meta({ minProperties: 1, maxProperties: MAX_FIELDS }),
  })
  .meta({
    description: `Field names: letters, digits and _ (not first a digit), at most ${MAX_FIELD_NAME_LENGTH} characters; ${STANDARD_FIELDS.join(' and ')} and names starting with __ are reserved. Other top-level keys are ignored.`,
  });

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}/{id}/schema',
  operationId: 'registerSchema',
  tags: ['datasets'],
  summary: 'Register the dataset schema (once; immutable) and create its typed table',
  security: bearer,
  request: {
    params: wire.ProjectIdParam,
    // The schema package validates it, after the access check, with messages naming the field.
    body: documentedBody('SchemaDefinition'),
  },
  middleware: requireJsonContentType,
  responses: {
    200: json(z.object({ dataset: wire.Dataset }), 'Registered: status active'),
    ...errorResponses,
    ...bodyResponses,
    409: errorJson('A schema is already registered'),
    503: withRetryAfter('The catalog or the warehouse is unavailable; nothing was registered'),
  },
});

export function registerDatasetSchema(app: ControlRouter): void {
  registerComponent(app, 'SchemaDefinition', SchemaDefinition);
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project, 'admin'));
    const dataset = await registerSchema(ctx, project, id, body);
    return c.json({ dataset }, 200);
  });
}
