import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { setDestination } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { Project } from './projects.ts';
import { bearer, bodyResponses, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/projects/{project}/destination',
  operationId: 'setDestination',
  tags: ['projects'],
  summary:
    'Where the project logs go: logger (read_api_url), webhook (webhook_url) or direct_db_* (direct_db_url)',
  security: bearer,
  request: { params: wire.ProjectParam, body: jsonBody(wire.DestinationBody) },
  responses: {
    200: json(z.object({ project: Project }), 'The project with its destination'),
    ...errorResponses,
    ...bodyResponses,
  },
});

export function registerDestination(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const project = await setDestination(verbContext(c), c.req.valid('param').project, c.req.valid('json'));
    return c.json({ project }, 200);
  });
}
