import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { datasetStats } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorResponses, json, verbContext } from './shared.ts';

const DatasetStats = z
  .object({
    rows: z
      .string()
      .openapi({ description: 'Rows stored (a decimal string, like every count)', example: '1200' }),
    bytes: z
      .string()
      .openapi({ description: 'Size on disk of the active parts, in bytes', example: '48211' }),
    firstTimestamp: z
      .string()
      .nullable()
      .openapi({ description: 'Earliest record `timestamp`; null when empty' }),
    lastTimestamp: z
      .string()
      .nullable()
      .openapi({ description: 'Latest record `timestamp`; null when empty' }),
    lastIngestAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the newest row was written; null when empty' }),
  })
  .openapi('DatasetStats');

const route = createRoute({
  method: 'get',
  path: '/api/datasets/{project}/{id}/stats',
  operationId: 'getDatasetStats',
  tags: ['datasets'],
  summary: "A dataset's rows, bytes, time span and latest ingest (zeros and nulls before a schema)",
  security: bearer,
  request: { params: wire.ProjectIdParam },
  responses: { 200: json(z.object({ stats: DatasetStats }), 'The statistics'), ...errorResponses },
});

export function registerDatasetStats(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json({ stats: await datasetStats(verbContext(c), project, id) }, 200);
  });
}
