import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import {
  discardQuarantine,
  QuarantineSelection,
  replayQuarantine,
  requireProject,
} from '@quarry/control-plane';
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

// Validated by the verb after the role check; documented from the schema the verb parses with.
const SELECTION = 'QuarantineSelection';

const ReplayResult = z
  .object({
    replayed: z.number().int().openapi({ description: 'Records now stored in the dataset, each once' }),
    refused: z
      .number()
      .int()
      .openapi({ description: 'Records refused again: they stay, with the new reason' }),
    remaining: z
      .number()
      .int()
      .openapi({ description: 'Records not replayed yet (never tried): call again' }),
  })
  .openapi('QuarantineReplayResult');

const changeRoute = (action: 'replay' | 'discard', summary: string, result: z.ZodType) =>
  createRoute({
    method: 'post',
    path: `/api/datasets/{project}/{id}/quarantine/${action}`,
    operationId: `${action}DatasetQuarantine`,
    tags: ['datasets'],
    summary,
    security: bearer,
    request: {
      params: wire.ProjectIdParam,
      // Optional: without a body (or without `ids`) every record; replay takes the oldest 1000 a call.
      body: { ...documentedBody(SELECTION), required: false },
    },
    middleware: requireJsonContentType,
    responses: {
      200: json(result, 'What was done'),
      ...errorResponses,
      ...bodyResponses,
      403: errorJson('Only owners and admins of the project may replay or discard'),
      503: withRetryAfter('The catalog or the query engine is unavailable; retry (replay is exactly once)'),
    },
  });

const replayRoute = changeRoute(
  'replay',
  'Writes quarantined records to the dataset again after a fix (exactly once, even if retried)',
  ReplayResult,
);
const discardRoute = changeRoute(
  'discard',
  'Removes quarantined records for good',
  z.object({ discarded: z.number().int() }).openapi('QuarantineDiscardResult'),
);

/** An empty body selects every record. */
const readSelection = (request: Request, access: () => Promise<unknown>) =>
  request.headers.get('content-length') === '0' || request.body === null
    ? Promise.resolve({})
    : readJson(request, access);

export function registerDatasetQuarantineChange(app: ControlRouter): void {
  registerComponent(app, SELECTION, QuarantineSelection);
  app.openapi(replayRoute, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readSelection(c.req.raw, () => requireProject(ctx, project, 'admin'));
    return c.json(await replayQuarantine(ctx, project, id, body), 200);
  });
  app.openapi(discardRoute, async (c) => {
    const { project, id } = c.req.valid('param');
    const ctx = verbContext(c);
    const body = await readSelection(c.req.raw, () => requireProject(ctx, project, 'admin'));
    return c.json(await discardQuarantine(ctx, project, id, body), 200);
  });
}
