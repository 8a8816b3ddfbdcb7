import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { transferProject } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { Project } from './projects.ts';
import { bearer, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/projects/{project}/transfer',
  operationId: 'transferProject',
  tags: ['projects'],
  summary: "Transfer ownership to a member (owner only); the dataset record quota becomes the new owner's",
  security: bearer,
  request: {
    params: wire.ProjectParam,
    body: jsonBody(z.object({ email: z.email('must be an email address') })),
  },
  responses: {
    200: json(z.object({ project: Project }), 'The project with its new owner'),
    ...errorResponses,
    409: json(wire.ErrorResponse, 'The new owner is not a member of the project'),
  },
});

export function registerProjectTransfer(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const project = await transferProject(verbContext(c), c.req.valid('param').project, c.req.valid('json'));
    return c.json({ project }, 200);
  });
}
