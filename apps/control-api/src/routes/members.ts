import { createRoute, z } from '@hono/zod-openapi';
import { wire } from '@quarry/contract';
import { listMembers, putMember, removeMember } from '@quarry/control-plane';
import type { ControlRouter } from '../openapi.ts';
import { bearer, bodyResponses, errorJson, errorResponses, json, jsonBody, verbContext } from './shared.ts';

const Member = z.object({
  userId: z.number(),
  email: z.string(),
  username: z.string().nullable(),
  role: z.enum(['owner', 'admin', 'member']),
});

const list = createRoute({
  method: 'get',
  path: '/api/projects/{project}/members',
  operationId: 'listMembers',
  tags: ['projects'],
  summary: 'Members of a project',
  security: bearer,
  request: { params: wire.ProjectParam },
  responses: { 200: json(z.object({ members: z.array(Member) }), 'The members'), ...errorResponses },
});

const put = createRoute({
  method: 'put',
  path: '/api/projects/{project}/members',
  operationId: 'putMember',
  tags: ['projects'],
  summary: 'Add a registered user by email, or change their role (owners only)',
  security: bearer,
  request: { params: wire.ProjectParam, body: jsonBody(wire.PutMemberBody) },
  responses: {
    200: json(z.object({ member: Member }), 'The member'),
    ...errorResponses,
    ...bodyResponses,
    409: errorJson('A project keeps at least one owner'),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/projects/{project}/members/{userId}',
  operationId: 'removeMember',
  tags: ['projects'],
  summary: 'Remove a member (owners only)',
  security: bearer,
  request: { params: wire.ProjectParam.extend({ userId: wire.DecimalId }) },
  responses: {
    204: { description: 'Removed' },
    ...errorResponses,
    409: errorJson('A project keeps at least one owner'),
  },
});

export function registerMembers(app: ControlRouter): void {
  app.openapi(list, async (c) =>
    c.json({ members: await listMembers(verbContext(c), c.req.valid('param').project) }, 200),
  );
  app.openapi(put, async (c) => {
    const member = await putMember(verbContext(c), c.req.valid('param').project, c.req.valid('json'));
    return c.json({ member }, 200);
  });
  app.openapi(remove, async (c) => {
    const { project, userId } = c.req.valid('param');
    await removeMember(verbContext(c), project, userId);
    return c.body(null, 204);
  });
}
