import { z } from '@hono/zod-openapi';
import { LogVolumeBody, logVolume } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { count, registerLogPost } from './logs-query-route.ts';

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

export function registerLogVolume(app: ControlRouter): void {
  registerLogPost(app, {
    name: 'volume',
    operationId: 'logVolume',
    summary: 'Log volume by level over a range, in at most 121 buckets whose width follows the range',
    component: 'LogVolumeQuery',
    body: LogVolumeBody,
    result: Volume,
    description: 'Every bucket of the range, oldest first, zeros included',
    verb: logVolume,
  });
}
