import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { LogSearchBody, requireProject, searchLogs } from '@quarry/control-plane';
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

export const LogEvent = z
  .object({
    id: z.string(),
    timestamp: z.string(),
    level: z.string(),
    message: z.string(),
    metadata: z.unknown(),
    env: z.string(),
    source: z.string(),
    traceId: z.string(),
    ingestedAt: z.string(),
  })
  .openapi('LogEvent');

const route = createRoute({
  method: 'post',
  path: '/api/logs/{project}/search',
  operationId: 'searchLogs',
  tags: ['logs'],
  summary: 'Search a project’s logs, newest first, with cursor pages; or tail what arrived after a cursor',
  security: bearer,
  request: {
    params: wire.ProjectParam,
    // Validated by the verb after the membership check (an outsider learns nothing from a 400).
    body: documentedBody('LogSearch'),
  },
  middleware: requireJsonContentType,
  responses: {
    200: json(
      z.union([
        z.object({ events: z.array(LogEvent), nextCursor: z.string().optional() }),
        z.object({ events: z.array(LogEvent), cursor: z.string(), more: z.boolean() }),
      ]),
      'Pages: `events` newest first and `nextCursor` while older matches remain. Tail (`"tail": true`): `events` oldest first, the `cursor` to poll with next, and `more` when the limit cut the answer',
    ),
    ...errorResponses,
    ...bodyResponses,
    429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
    422: errorJson('The search exceeds the result or memory limits'),
    504: errorJson('The search exceeded its time limit'),
  },
});

export function registerLogSearch(app: ControlRouter): void {
  registerComponent(app, 'LogSearch', LogSearchBody);
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    return c.json(await searchLogs(ctx, project, body), 200);
  });
}
