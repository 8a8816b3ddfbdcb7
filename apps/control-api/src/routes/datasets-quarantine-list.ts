import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { ListQuarantineQuery, listQuarantine } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

export const QuarantinedRecord = z
  .object({
    id: z.string().openapi({ description: 'The quarantine entry (a decimal string)', example: '42' }),
    reason: z.string().openapi({ description: "The warehouse's reason for refusing the record" }),
    receivedAt: z.string().openapi({ description: 'When the gateway accepted the record (RFC 3339)' }),
    quarantinedAt: z.string().openapi({ description: 'When the writer quarantined it (RFC 3339)' }),
    replayAttempts: z.number().int().openapi({ description: 'Replays that failed again' }),
    record: z.record(z.string(), z.unknown()).openapi({ description: 'The record as it was sent' }),
  })
  .openapi('QuarantinedRecord');

const route = createRoute({
  method: 'get',
  path: '/api/datasets/{project}/{id}/quarantine',
  operationId: 'listDatasetQuarantine',
  tags: ['datasets'],
  summary: 'Records the warehouse refused, oldest first, with the reason (paged)',
  security: bearer,
  request: {
    params: wire.ProjectIdParam,
    query: ListQuarantineQuery,
  },
  responses: {
    200: json(
      z.object({
        records: z.array(QuarantinedRecord),
        nextCursor: z.string().optional().openapi({ description: 'Present when more records follow' }),
      }),
      'One page of the quarantine',
    ),
    ...errorResponses,
  },
});

export function registerDatasetQuarantineList(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json(await listQuarantine(verbContext(c), project, id, c.req.valid('query')), 200);
  });
}
