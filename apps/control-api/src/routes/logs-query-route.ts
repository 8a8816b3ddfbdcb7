import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { requireProject, type VerbContext } from '@quarry/control-plane';
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

/** Counts are decimal strings across the API (64-bit integers survive every JSON parser). */
export const count = z.string().openapi({ description: 'A count, as a decimal string', example: '12' });

/** What a query over a project's logs can answer besides its result: a busy project, the engine's guards. */
export const logQueryResponses = {
  ...errorResponses,
  429: withRetryAfter('Too many queries of this project at once; see Retry-After'),
  422: errorJson('The query exceeds the result or memory limits'),
  504: errorJson('The query exceeded its time limit'),
} as const;

/**
 * A POST over a project's logs (search, volume, facets). The body is read after the membership
 * check and validated by the verb, so an outsider learns nothing from a 400; it is documented by
 * reference to the component registered from the verb's own zod schema.
 */
export function registerLogPost<T extends z.ZodType>(
  app: ControlRouter,
  spec: {
    name: string;
    operationId: string;
    summary: string;
    component: string;
    body: z.ZodType;
    result: T;
    description: string;
    verb: (ctx: VerbContext, slug: string, body: unknown) => Promise<z.output<T>>;
  },
): void {
  registerComponent(app, spec.component, spec.body);
  const route = createRoute({
    method: 'post',
    path: `/api/logs/{project}/${spec.name}`,
    operationId: spec.operationId,
    tags: ['logs'],
    summary: spec.summary,
    security: bearer,
    request: { params: wire.ProjectParam, body: documentedBody(spec.component) },
    middleware: requireJsonContentType,
    responses: { 200: json(spec.result, spec.description), ...logQueryResponses, ...bodyResponses },
  });
  app.openapi(route, async (c) => {
    const { project } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readJson(c.req.raw, () => requireProject(ctx, project));
    return c.json(await spec.verb(ctx, project, body), 200) as never;
  });
}
