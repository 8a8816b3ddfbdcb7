import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { requireProject, searchLogs } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { readJson } from './read-json.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

// Documented, not validated here: the verb checks membership first, then the body (so an outsider
// learns nothing from a 400), the same way as the dataset query route.
const SEARCH_BODY_DOC = {
  type: 'object' as const,
  description:
    'See docs/api.md "Log search": range, levels, text, metadata, env, source, limit, cursor, tail. Every key is optional.',
  example: {
    range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
    levels: ['warn', 'error'],
    text: 'timeout',
    metadata: [{ path: 'user.id', value: '42' }],
    env: 'production',
    limit: 100,
  },
};

const Event = z.object({
  id: z.string(),
  timestamp: z.string(),
  level: z.string(),
  message: z.string(),
  metadata: z.unknown(),
  env: z.string(),
  source: z.string(),
  traceId: z.string(),
  ingestedAt: z.string(),
});

const route = createRoute({
  method: 'post',
  path: '/api/logs/{project}/search',
  tags: ['logs'],
  summary: 'Search a project’s logs, newest first, with cursor pages; or tail what arrived after a cursor',
  security: bearer,
  request: {
    params: wire.ProjectParam,
    body: { content: { 'application/json': { schema: SEARCH_BODY_DOC } } },
  },
  responses: {
    200: json(
      z.union([
        z.object({ events: z.array(Event), nextCursor: z.string().optional() }),
        z.object({ events: z.array(Event), cursor: z.string(), more: z.boolean() }),
      ]),
      'Pages: `events` newest first and `nextCursor` while older matches remain. Tail (`"tail": true`): `events` oldest first, the `cursor` to poll with next, and `more` when the limit cut the answer',
    ),
    ...errorResponses,
    422: json(wire.ErrorResponse, 'The search exceeds the result or memory limits'),
    503: json(wire.ErrorResponse, 'The query engine is unavailable'),
    504: json(wire.ErrorResponse, 'The search exceeded its time limit'),
  },
});

export function registerLogSearch(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    return c.json(await searchLogs(ctx, project, body), 200);
  });
}
