import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { createDataset } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import {
  bearer,
  bodyResponses,
  errorJson,
  errorResponses,
  json,
  jsonBody,
  verbContext,
  withRetryAfter,
} from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/datasets/{project}',
  operationId: 'createDataset',
  tags: ['datasets'],
  summary: 'Create dataset metadata (status pending_schema until a schema is registered)',
  security: bearer,
  request: { params: wire.ProjectParam, body: jsonBody(wire.CreateDatasetBody) },
  responses: {
    201: json(z.object({ dataset: wire.Dataset }), 'Created'),
    ...errorResponses,
    ...bodyResponses,
    409: errorJson('A dataset with this slug exists in the project'),
    429: withRetryAfter(
      'Dataset count quota of the plan reached (`limit` in the body); retry after deleting one or a plan change',
    ),
  },
});

export function registerDatasetCreate(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const dataset = await createDataset(verbContext(c), c.req.valid('param').project, c.req.valid('json'));
    return c.json({ dataset }, 201);
  });
}
