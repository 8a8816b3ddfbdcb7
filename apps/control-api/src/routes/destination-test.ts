import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { sendDestinationTest } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { Delivery } from './destination-deliveries.ts';
import { bearer, errorJson, errorResponses, json, verbContext, withRetryAfter } from './shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/projects/{project}/destination/test',
  operationId: 'testDestination',
  tags: ['projects'],
  summary: 'Deliver one synthetic log event to the destination and answer how it went (admins)',
  description:
    'The event goes through the delivery outbox like any other: the writer signs it, checks the ' +
    'address after DNS resolution and retries a failure. The answer waits up to 10 s for the first ' +
    'attempt; `pending` with 0 attempts means the outcome is not known yet (see the deliveries list).',
  security: bearer,
  request: { params: wire.ProjectParam },
  responses: {
    200: json(
      z.object({ delivery: Delivery }),
      'The test delivery after its first attempt, or still pending',
    ),
    ...errorResponses,
    409: errorJson('The destination is the built-in store: nothing to deliver to'),
    429: withRetryAfter('Too many test events for this project; see Retry-After'),
  },
});

export function registerDestinationTest(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const waitMs = c.get('services').destinationTestWaitMs;
    const delivery = await sendDestinationTest(verbContext(c), c.req.valid('param').project, { waitMs });
    return c.json({ delivery }, 200);
  });
}
