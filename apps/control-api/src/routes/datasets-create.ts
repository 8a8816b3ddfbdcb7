import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { createDataset } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}',
  tags: ['datasets'],
  summary: 'Create dataset metadata (status pending_schema until a schema is registered)',
  security: bearer,
  request: { params: wire.ProjectParam, body: jsonBody(wire.CreateDatasetBody) },
  responses: {
    201: json(z.object({ dataset: wire.Dataset }), 'Created'),
    ...errorResponses,
    409: json(wire.ErrorResponse, 'A dataset with this slug exists in the project'),
    429: json(wire.ErrorResponse, 'Dataset count quota of the plan reached'),
  },
});

export function registerDatasetCreate(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const dataset = await createDataset(verbContext(c), c.req.valid('param').project, c.req.valid('json'));
    return c.json({ dataset }, 201);
  });
}
