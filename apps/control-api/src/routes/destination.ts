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
    'Where the project logs go: logger (read_api_url), webhook (webhook_url) or direct_db_postgres (direct_db_url)',
  description:
    'Schemes are checked here (http/https for webhooks, postgres for direct_db_postgres); the address is ' +
    'checked by the writer at each connection. A webhook gets a new signing secret, answered only here.',
  security: bearer,
  request: { params: wire.ProjectParam, body: jsonBody(wire.DestinationBody) },
  responses: {
    200: json(
      z.object({
        project: Project,
        signingSecret: z
          .string()
          .optional()
          .describe(
            'Webhooks only: the Standard Webhooks secret (whsec_…) receivers verify with; shown once',
          ),
      }),
      'The project with its destination (URL password and query values redacted)',
    ),
    ...errorResponses,
    ...bodyResponses,
  },
});

export function registerDestination(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const change = await setDestination(verbContext(c), c.req.valid('param').project, c.req.valid('json'));
    return c.json(change, 200);
  });
}
