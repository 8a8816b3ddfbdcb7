import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import {
  deleteRecords,
  listRecordDeletions,
  MAX_LISTED_DELETIONS,
  requireProject,
} from '@quarry/control-plane';
import { ConditionDocument } from '@quarry/query';
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

// The shapes parseRecordFilter checks, for the API description.
const RecordFilter = z
  .strictObject({
    range: z
      .strictObject({ from: z.string().max(64), to: z.string().max(64) })
      .describe('Required; both ends inclusive, on the record timestamp; from ≤ to'),
    where: ConditionDocument.optional(),
  })
  .meta({
    description: 'Which records to delete: a time range and, optionally, the query language’s where.',
  });

const RecordDeletion = z.object({
  id: z.number(),
  datasetId: z.number(),
  range: z.object({ from: z.string(), to: z.string() }),
  where: z.unknown().nullable(),
  deleted: z.string().describe('How many records were deleted (a count, so a string)'),
  deletedBy: z.object({ userId: z.number().nullable(), email: z.string() }),
  createdAt: z.string(),
});

const base = { tags: ['datasets'], security: bearer };

const create = createRoute({
  ...base,
  method: 'post',
  path: '/api/datasets/{project}/{id}/deletions',
  operationId: 'deleteRecords',
  summary:
    'Delete the records matching a filter (admins and owners); answers the count and keeps an audit entry',
  request: { params: wire.ProjectIdParam, body: documentedBody('RecordFilter') },
  middleware: requireJsonContentType,
  responses: {
    200: json(z.object({ deletion: RecordDeletion }), 'Deleted; the audit entry with the count'),
    ...errorResponses,
    ...bodyResponses,
    422: errorJson('The engine refused the filter, or it exceeds the memory limits'),
    429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
    504: errorJson('The deletion exceeded its time limit'),
  },
});

const list = createRoute({
  ...base,
  method: 'get',
  path: '/api/datasets/{project}/{id}/deletions',
  operationId: 'listRecordDeletions',
  request: { params: wire.ProjectIdParam },
  summary: `The audit of deleted records, newest first (at most ${MAX_LISTED_DELETIONS}; admins and owners)`,
  responses: {
    200: json(z.object({ deletions: z.array(RecordDeletion) }), 'The audit entries'),
    ...errorResponses,
  },
});

export function registerDatasetDeletions(app: ControlRouter): void {
  registerComponent(app, 'RecordFilter', RecordFilter);
  app.openapi(create, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project, 'admin'));
    return c.json({ deletion: await deleteRecords(ctx, project, id, body) }, 200);
  });
  app.openapi(list, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json({ deletions: await listRecordDeletions(verbContext(c), project, id) }, 200);
  });
}
