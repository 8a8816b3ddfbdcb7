import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { listDeliveries } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

export const Delivery = z
  .object({
    id: z.number().int(),
    status: z.enum(['pending', 'delivered', 'failed', 'dropped']),
    events: z.number().int(),
    attempts: z.number().int(),
    reason: z.string().nullable().describe('Why the last attempt failed (e.g. a refused address), or null'),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Delivery');

const route = createRoute({
  method: 'get',
  path: '/api/projects/{project}/destination/deliveries',
  operationId: 'listDeliveries',
  tags: ['projects'],
  summary: "The project's 50 most recent log deliveries to its destination, newest first (admins)",
  security: bearer,
  request: { params: wire.ProjectParam },
  responses: {
    200: json(z.object({ deliveries: z.array(Delivery) }), 'Recent deliveries with status and reason'),
    ...errorResponses,
  },
});

export function registerDestinationDeliveries(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const deliveries = await listDeliveries(verbContext(c), c.req.valid('param').project);
    return c.json({ deliveries }, 200);
  });
}
