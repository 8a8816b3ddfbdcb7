import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { EXPORT_FORMATS, EXPORT_LIMITS, exportDataset } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, errorJson, errorResponses, verbContext, withRetryAfter } from './shared.ts';

const binary = (description: string) => ({ schema: z.string().openapi({ format: 'binary', description }) });

const route = createRoute({
  method: 'get',
  path: '/api/datasets/{project}/{id}/export',
  operationId: 'exportDataset',
  tags: ['datasets'],
  summary: `Streams the rows with from <= timestamp < to as NDJSON, CSV or Parquet (at most ${EXPORT_LIMITS.maxRows} rows)`,
  security: bearer,
  request: {
    params: wire.ProjectIdParam,
    // Validated by the verb after the membership check, so an outsider learns nothing from a 400.
    query: z.object({
      format: z.enum(Object.keys(EXPORT_FORMATS) as [string, ...string[]]),
      from: z
        .string()
        .openapi({ description: 'Inclusive start (RFC 3339)', example: '2026-06-01T00:00:00Z' }),
      to: z.string().openapi({ description: 'Exclusive end (RFC 3339)', example: '2026-07-01T00:00:00Z' }),
      limit: z
        .string()
        .optional()
        .openapi({ description: `Rows at most (1-${EXPORT_LIMITS.maxRows}, the default)` }),
    }),
  },
  responses: {
    200: {
      description: 'The rows: `timestamp`, `context` (JSON text), then the declared fields, oldest first',
      content: {
        [EXPORT_FORMATS.ndjson.contentType]: binary('One JSON object a line'),
        [EXPORT_FORMATS.csv.contentType]: binary('CSV with a header line'),
        [EXPORT_FORMATS.parquet.contentType]: binary('One Parquet file'),
      },
    },
    ...errorResponses,
    422: errorJson('The export exceeds the engine limits'),
    429: withRetryAfter(
      `Too many exports of this project at once (${EXPORT_LIMITS.perProject}); see Retry-After`,
    ),
    504: errorJson('The export exceeded its time limit; narrow the range'),
  },
});

export function registerDatasetExport(app: ControlRouter): void {
  app.openapi(route, async (c) => {
    const { project, id } = c.req.valid('param');
    const result = await exportDataset(verbContext(c), project, id, c.req.query());
    return new Response(Readable.toWeb(result.stream) as ReadableStream, {
      status: 200,
      headers: {
        'content-type': result.contentType,
        'content-disposition': `attachment; filename="${result.filename}"`,
      },
    });
  });
}
