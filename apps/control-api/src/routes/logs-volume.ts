import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { LogVolumeBody, logVolume, requireProject } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { readJson } from './read-json.ts';
import {
  bearer,
  bodyResponses,
  documentedBody,
  errorJson,
  errorResponses,
  json,
  registerComponent,
  requireJsonContentType,
  verbContext,
  withRetryAfter,
} from './shared.ts';

const count = z.string().openapi({ description: 'A count, as a decimal string', example: '12' });
const Volume = z
  .object({
    bucketSeconds: z.number().int().openapi({ description: 'The width chosen from the range' }),
    buckets: z.array(
      z.object({
        start: z.string().openapi({ description: 'Bucket start, ISO 8601 UTC, aligned to the width' }),
        debug: count,
        info: count,
        warn: count,
        error: count,
      }),
    ),
    total: count.openapi({ description: 'Every matching event in the range: the sum of the buckets' }),
  })
  .openapi('LogVolume');

const route = createRoute({
  method: 'post',
  path: '/api/logs/{project}/volume',
  operationId: 'logVolume',
  tags: ['logs'],
  summary: 'Log volume by level over a range, in at most 121 buckets whose width follows the range',
  security: bearer,
  request: { params: wire.ProjectParam, body: documentedBody('LogVolumeQuery') },
  middleware: requireJsonContentType,
  responses: {
    200: json(Volume, 'Every bucket of the range, oldest first, zeros included'),
    ...errorResponses,
    ...bodyResponses,
    429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
    422: errorJson('The query exceeds the result or memory limits'),
    504: errorJson('The query exceeded its time limit'),
  },
});

export function registerLogVolume(app: ControlRouter): void {
  registerComponent(app, 'LogVolumeQuery', LogVolumeBody);
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    return c.json(await logVolume(ctx, project, body), 200);
  });
}
