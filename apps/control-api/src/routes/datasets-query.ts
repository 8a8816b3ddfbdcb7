import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { queryDatasetJson, requireProject } from '@quarry/control-plane';
import { QueryDocument } from '@quarry/query';
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

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}/{id}/query',
  operationId: 'queryDataset',
  tags: ['datasets'],
  summary: 'Aggregate query over a dataset (counts as strings; no raw SQL in any form)',
  security: bearer,
  request: {
    params: wire.ProjectIdParam,
    // Validated by the verb after the membership check; the component is built from the parser's shapes.
    body: documentedBody('Query'),
  },
  middleware: requireJsonContentType,
  responses: {
    200: json(
      z.object({
        rows: z.array(z.record(z.string(), z.unknown())),
        dataset: z.object({ id: z.number(), name: z.string(), slug: z.string() }),
        truncated: z.literal(true).optional(),
        nextCursor: z.string().optional(),
        totals: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('Only when the query set `totals`: each aggregate over every row range and where select'),
      }),
      'The rows; `truncated` and `nextCursor` appear only when more rows matched than `limit`, `totals` only when asked for',
    ),
    ...errorResponses,
    ...bodyResponses,
    429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
    422: errorJson('The query exceeds the result or memory limits'),
    504: errorJson('The query exceeded its time limit'),
  },
});

export function registerDatasetQuery(app: ControlRouter): void {
  registerComponent(app, 'Query', QueryDocument);
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    const answer = await queryDatasetJson(ctx, project, id, body);
    // The verb's JSON text is what c.json would write for the answer (same bytes, same header),
    // without parsing the engine's rows into objects and serialising them again.
    return c.newResponse(answer, 200, { 'Content-Type': 'application/json' }) as never;
  });
}
