import { z } from '@hono/zod-openapi';
import { LogFacetsBody, logFacets } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { count, registerLogPost } from './logs-query-route.ts';

const Facets = z
  .object({
    levels: z
      .object({ debug: count, info: count, warn: count, error: count })
      .openapi({ description: 'Matches per level, whatever the `levels` filter says' }),
    fields: z.array(
      z.object({
        field: z.string(),
        values: z.array(z.object({ value: z.string(), count })),
      }),
    ),
  })
  .openapi('LogFacets');

export function registerLogFacets(app: ControlRouter): void {
  registerLogPost(app, {
    name: 'facets',
    operationId: 'logFacets',
    summary: 'Counts per level and the top values of env, source or metadata fields, for the search filters',
    component: 'LogFacetsQuery',
    body: LogFacetsBody,
    result: Facets,
    description: 'Level counts, and each asked field’s most frequent values, most frequent first',
    verb: logFacets,
  });
}
