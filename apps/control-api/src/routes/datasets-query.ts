import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { queryDataset, requireProject } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { readJson } from './read-json.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

// Documented, not validated here: the query package checks the body against the dataset's schema.
const QUERY_BODY_DOC = {
  type: 'object' as const,
  description:
    'See docs/query-language.md: range, select, where, groupBy, having, orderBy, limit, offset/cursor.',
  required: ['range', 'select'],
  example: {
    range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
    select: [
      { field: 'country' },
      { aggregate: 'count', as: 'events' },
      { aggregate: 'sum', field: 'amount', as: 'revenue' },
    ],
    groupBy: ['country'],
    orderBy: [{ field: 'events', direction: 'desc' }],
    limit: 100,
  },
};

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}/{id}/query',
  tags: ['datasets'],
  summary: 'Aggregate query over a dataset (counts as strings; no raw SQL in any form)',
  security: bearer,
  request: {
    params: wire.ProjectIdParam,
    body: { content: { 'application/json': { schema: QUERY_BODY_DOC } } },
  },
  responses: {
    200: json(
      z.object({
        rows: z.array(z.record(z.string(), z.unknown())),
        dataset: z.object({ id: z.number(), name: z.string(), slug: z.string() }),
        truncated: z.literal(true).optional(),
        nextCursor: z.string().optional(),
      }),
      'The rows; `truncated` and `nextCursor` appear only when more rows matched than `limit`',
    ),
    ...errorResponses,
    422: json(wire.ErrorResponse, 'The query exceeds the result or memory limits'),
    503: json(wire.ErrorResponse, 'The query engine is unavailable'),
    504: json(wire.ErrorResponse, 'The query exceeded its time limit'),
  },
});

export function registerDatasetQuery(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    return c.json(await queryDataset(ctx, project, id, body), 200);
  });
}
