import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { listDatasets } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/datasets/{project}',
  operationId: 'listDatasets',
  tags: ['datasets'],
  summary: 'List the datasets of a project (the default dataset included)',
  security: bearer,
  request: { params: wire.ProjectParam },
  responses: { 200: json(z.object({ datasets: z.array(wire.Dataset) }), 'The datasets'), ...errorResponses },
});

export function registerDatasetList(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const datasets = await listDatasets(verbContext(c), c.req.valid('param').project);
    return c.json({ datasets }, 200);
  });
}
