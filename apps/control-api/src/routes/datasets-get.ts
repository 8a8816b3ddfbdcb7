import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { getDataset } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/datasets/{project}/{id}',
  operationId: 'getDataset',
  tags: ['datasets'],
  summary: 'One dataset',
  security: bearer,
  request: { params: wire.ProjectIdParam },
  responses: { 200: json(z.object({ dataset: wire.Dataset }), 'The dataset'), ...errorResponses },
});

export function registerDatasetGet(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json({ dataset: await getDataset(verbContext(c), project, id) }, 200);
  });
}
