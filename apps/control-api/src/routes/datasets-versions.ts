import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { listSchemaVersions, publishSchemaVersion, requireProject } from '@quarry/control-plane';
import { MAX_DEFAULT_LENGTH } from '@quarry/schema';
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

const AddedFieldSpec = z.union([
  z.strictObject({
    type: wire.FieldTypeSchema,
    default: z.union([z.string().max(MAX_DEFAULT_LENGTH), z.number(), z.boolean()]),
  }),
  z.strictObject({ type: wire.FieldTypeSchema, nullable: z.literal(true) }),
]);

// The body the schema package checks (checkSchemaVersion), for the API description.
const SchemaVersion = z
  .object({ fields: z.record(z.string(), z.union([wire.FieldTypeSchema, AddedFieldSpec])) })
  .meta({
    description:
      'The whole schema of the new version: every earlier field exactly as it is (a registered field as its type, an added one as its {type, default} or {type, nullable}), plus at least one new optional field. A default must be of the field type (a timestamp as text). Anything else is a 409 naming the field and the rule (docs/api.md, "Schema versions").',
  });

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}/{id}/schema/versions',
  operationId: 'publishSchemaVersion',
  tags: ['datasets'],
  summary:
    'Publish the next schema version: only optional fields may be added (the table gains their columns)',
  security: bearer,
  request: { params: wire.ProjectIdParam, body: documentedBody('SchemaVersion') },
  middleware: requireJsonContentType,
  responses: {
    200: json(z.object({ dataset: wire.Dataset }), 'Published: schemaVersion and addedFields show it'),
    ...errorResponses,
    ...bodyResponses,
    409: errorJson(
      'Not an additive change (a field removed, retyped, made required, or a new required field)',
    ),
    503: withRetryAfter('The catalog or the warehouse is unavailable; nothing was published'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/datasets/{project}/{id}/schema/versions',
  operationId: 'listSchemaVersions',
  tags: ['datasets'],
  summary: 'The versions published after the registration, oldest first: what each added, who and when',
  security: bearer,
  request: { params: wire.ProjectIdParam },
  responses: {
    200: json(
      z.object({
        versions: z.array(
          z.object({
            version: z.int().min(2),
            addedFields: z.record(z.string(), wire.AddedField),
            publishedBy: z
              .number()
              .nullable()
              .describe('The publishing user id (null once the account is gone)'),
            publishedAt: z.string(),
          }),
        ),
      }),
      'The versions',
    ),
    ...errorResponses,
  },
});

export function registerDatasetVersions(app: ControlRouter): void {
  registerComponent(app, 'SchemaVersion', SchemaVersion);
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project, 'admin'));
    return c.json({ dataset: await publishSchemaVersion(ctx, project, id, body) }, 200);
  });
  app.openapi(list, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json({ versions: await listSchemaVersions(verbContext(c), project, id) }, 200);
  });
}
