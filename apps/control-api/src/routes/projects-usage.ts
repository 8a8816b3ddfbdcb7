import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { projectUsage } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

const BucketUsage = z
  .object({
    bucket: z.enum(['datasets', 'logs']),
    scope: z.enum(['owner', 'project']).openapi({
      description:
        "Whose total: dataset records count per project owner (all the owner's projects), logs per project",
    }),
    used: z.number().int().openapi({ description: 'Accepted this month (UTC)' }),
    limit: z.number().int().openapi({ description: 'The monthly limit; -1 is unlimited' }),
  })
  .openapi('BucketUsage');

const route = createRoute({
  method: 'get',
  path: '/api/projects/{project}/usage',
  operationId: 'getProjectUsage',
  tags: ['projects'],
  summary: "This month's usage per quota bucket against its limit, and the months before",
  security: bearer,
  request: { params: wire.ProjectParam },
  responses: {
    200: json(
      z.object({
        period: z.string().openapi({ example: '2026-12' }),
        buckets: z.array(BucketUsage),
        history: z
          .array(
            z.object({
              period: z.string(),
              buckets: z.array(z.object({ bucket: z.enum(['datasets', 'logs']), used: z.number().int() })),
            }),
          )
          .openapi({
            description: 'Up to 6 earlier months with usage, newest first (from the durable monthly record)',
          }),
      }),
      'Usage',
    ),
    ...errorResponses,
  },
});

export function registerProjectUsage(app: ControlRouter): void {
  app.openapi(route, async (c) =>
    c.json(await projectUsage(verbContext(c), c.req.valid('param').project), 200),
  );
}
