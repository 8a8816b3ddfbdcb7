import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { LOG_CONTEXT_LIMITS, logContext } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { LogEvent } from './logs-search.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/logs/{project}/context',
  operationId: 'logContext',
  tags: ['logs'],
  summary: 'The events around one (by event time), whatever the filters: `size` before and after it',
  security: bearer,
  request: {
    params: wire.ProjectParam,
    query: z.object({
      id: z.string().max(64).openapi({ description: 'The event id, `<partition>-<offset>-<index>`' }),
      size: z.coerce
        .number()
        .int()
        .min(1)
        .max(LOG_CONTEXT_LIMITS.maxSize)
        .optional()
        .openapi({ description: `Events on each side, default ${LOG_CONTEXT_LIMITS.defaultSize}` }),
    }),
  },
  responses: {
    200: json(z.object({ events: z.array(LogEvent) }), 'Newest first, the event itself included'),
    ...errorResponses,
  },
});

export function registerLogContext(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const { id, size } = c.req.valid('query');
    return c.json(await logContext(verbContext(c), project, id, size), 200);
  });
}
