import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { CopyBody, listCopies, startCopy } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, bodyResponses, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const DatasetCopy = z.object({
  id: z.number(),
  targetId: z.number(),
  sourceId: z.number(),
  fields: z.record(z.string(), z.string()).describe('Target field → the source field it is copied from'),
  status: z.enum(['running', 'done', 'failed']),
  monthsTotal: z.number(),
  monthsDone: z.number(),
  rowsCopied: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const base = { tags: ['datasets'], security: bearer };

const start = createRoute({
  ...base,
  method: 'post',
  path: '/api/datasets/{project}/{id}/copies',
  operationId: 'copyDataset',
  summary:
    "Copy another dataset's rows into this one, month by month in the background (admins and owners): the path for a change no schema version can make",
  request: { params: wire.ProjectIdParam, body: jsonBody(CopyBody) },
  responses: {
    202: json(z.object({ copy: DatasetCopy }), 'Started; follow it with GET …/copies'),
    ...errorResponses,
    ...bodyResponses,
  },
});

const list = createRoute({
  ...base,
  method: 'get',
  path: '/api/datasets/{project}/{id}/copies',
  operationId: 'listDatasetCopies',
  summary: 'The copies into this dataset with their progress, newest first (admins and owners)',
  request: { params: wire.ProjectIdParam },
  responses: { 200: json(z.object({ copies: z.array(DatasetCopy) }), 'The copies'), ...errorResponses },
});

export function registerDatasetCopies(app: ControlRouter): void {
  app.openapi(start, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json({ copy: await startCopy(verbContext(c), project, id, c.req.valid('json')) }, 202);
  });
  app.openapi(list, async (c) => {
    const { project, id } = c.req.valid('param');
    return c.json({ copies: await listCopies(verbContext(c), project, id) }, 200);
  });
}
