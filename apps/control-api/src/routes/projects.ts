import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { createProject, getProject, listProjects } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, bodyResponses, errorJson, errorResponses, json, jsonBody, verbContext } from './shared.ts';

export const Project = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  ownerUserId: z.number(),
  role: z.enum(['owner', 'admin', 'member']),
  destination: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const create = createRoute({
  method: 'post',
  path: '/api/projects',
  operationId: 'createProject',
  tags: ['projects'],
  summary: 'Create a project (you become its owner; its default dataset is created with it)',
  security: bearer,
  request: { body: jsonBody(wire.CreateProjectBody) },
  responses: {
    201: json(z.object({ project: Project }), 'Created'),
    ...errorResponses,
    ...bodyResponses,
    409: errorJson('Project slug already taken'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/projects',
  operationId: 'listProjects',
  tags: ['projects'],
  summary: 'Projects you are a member of',
  security: bearer,
  responses: { 200: json(z.object({ projects: z.array(Project) }), 'Your projects'), ...errorResponses },
});

const get = createRoute({
  method: 'get',
  path: '/api/projects/{project}',
  operationId: 'getProject',
  tags: ['projects'],
  summary: 'One project you are a member of',
  security: bearer,
  request: { params: wire.ProjectParam },
  responses: { 200: json(z.object({ project: Project }), 'The project'), ...errorResponses },
});

export function registerProjects(app: ControlRouter): void {
  app.openapi(create, async (c) =>
    c.json({ project: await createProject(verbContext(c), c.req.valid('json')) }, 201),
  );
  app.openapi(list, async (c) => c.json({ projects: await listProjects(verbContext(c)) }, 200));
  app.openapi(get, async (c) =>
    c.json({ project: await getProject(verbContext(c), c.req.valid('param').project) }, 200),
  );
}
