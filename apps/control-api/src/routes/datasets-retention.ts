import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { setRetention } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import {
  bearer,
  bodyResponses,
  errorResponses,
  json,
  jsonBody,
  verbContext,
  withRetryAfter,
} from './shared.ts';

const RetentionBody = z.strictObject({
  retentionDays: z.int().min(1).max(wire.MAX_RETENTION_DAYS).nullable().meta({
    description: "Days a record is kept after its `timestamp`; null: the plan's bound, or until deleted",
  }),
});

const route = createRoute({
  method: 'patch',
  path: '/api/datasets/{project}/{id}',
  operationId: 'updateDataset',
  tags: ['datasets'],
  summary: "Set a dataset's retention (a TTL on its table; at most the plan's bound)",
  security: bearer,
  request: { params: wire.ProjectIdParam, body: jsonBody(RetentionBody) },
  responses: {
    200: json(z.object({ dataset: wire.Dataset }), 'The dataset with its retention'),
    ...errorResponses,
    ...bodyResponses,
    503: withRetryAfter('The catalog or the warehouse is unavailable; nothing was changed'),
  },
});

export function registerDatasetRetention(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const { retentionDays } = c.req.valid('json');
    return c.json({ dataset: await setRetention(verbContext(c), project, id, retentionDays) }, 200);
  });
}
