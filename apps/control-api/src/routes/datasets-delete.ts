import { createRoute } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { deleteDataset } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorJson, errorResponses, verbContext, withRetryAfter } from './shared.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/datasets/{project}/{id}',
  operationId: 'deleteDataset',
  tags: ['datasets'],
  summary:
    'Delete a dataset: its table is dropped, its place in the plan and its slug freed; its id is never reused, and ingest answers 404 on every gateway within seconds',
  security: bearer,
  request: { params: wire.ProjectIdParam },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses,
    409: errorJson("The project's default dataset cannot be deleted"),
    503: withRetryAfter('The catalog or the warehouse is unavailable; nothing was deleted'),
  },
});

export function registerDatasetDelete(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    await deleteDataset(verbContext(c), project, id);
    return c.body(null, 204);
  });
}
