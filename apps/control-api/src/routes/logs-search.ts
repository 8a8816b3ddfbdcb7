import { z } from '@hono/zod-openapi';
import { LogSearchBody, searchLogs } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { registerLogPost } from './logs-query-route.ts';

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

export function registerLogSearch(app: ControlRouter): void {
  registerLogPost(app, {
    name: 'search',
    operationId: 'searchLogs',
    summary: 'Search a project’s logs, newest first, with cursor pages; or tail what arrived after a cursor',
    component: 'LogSearch',
    body: LogSearchBody,
    result: z.union([
      z.object({ events: z.array(LogEvent), nextCursor: z.string().optional() }),
      z.object({ events: z.array(LogEvent), cursor: z.string(), more: z.boolean() }),
    ]),
    description:
      'Pages: `events` newest first and `nextCursor` while older matches remain. Tail (`"tail": true`): `events` oldest first, the `cursor` to poll with next, and `more` when the limit cut the answer',
    verb: searchLogs,
  });
}
