import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { LogFacetsBody, logFacets, requireProject } from '@quarry/control-plane';
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

const route = createRoute({
  method: 'post',
  path: '/api/logs/{project}/facets',
  operationId: 'logFacets',
  tags: ['logs'],
  summary: 'Counts per level and the top values of env, source or metadata fields, for the search filters',
  security: bearer,
  request: { params: wire.ProjectParam, body: documentedBody('LogFacetsQuery') },
  middleware: requireJsonContentType,
  responses: {
    200: json(Facets, 'Level counts, and each asked field’s most frequent values, most frequent first'),
    ...errorResponses,
    ...bodyResponses,
    429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
    422: errorJson('The query exceeds the result or memory limits'),
    504: errorJson('The query exceeded its time limit'),
  },
});

export function registerLogFacets(app: ControlRouter): void {
  registerComponent(app, 'LogFacetsQuery', LogFacetsBody);
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    return c.json(await logFacets(ctx, project, body), 200);
  });
}
