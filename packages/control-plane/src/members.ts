import { ApiError } from '@quarry/contract';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { type Role, requireProject } from './projects.ts';

export interface MemberInfo {
  userId: number;
  email: string;
  username: string | null;
  role: Role;
}

interface MemberRow {
  user_id: string;
  email: string;
  username: string | null;
  role: Role;
}

const toMember = (row: MemberRow): MemberInfo => ({
  userId: Number(row.user_id),
  email: row.email,
  username: row.username,
  role: row.role,
});

export async function listMembers(ctx: VerbContext, slug: string): Promise<MemberInfo[]> {
  const project = await requireProject(ctx, slug);
  const rows = await ctx.deps.db.query<MemberRow>(
    `SELECT m.user_id, u.email, u.username, m.role FROM project_members m JOIN users u ON u.id = m.user_id
     WHERE m.project_id = $1 ORDER BY m.user_id`,
    [project.id],
  );
  return rows.map(toMember);
}

/** Adds (or changes the role of) a member by email. Only owners manage membership. */
export async function putMember(
  ctx: VerbContext,
  slug: string,
  input: { email: string; role: Role },
): Promise<MemberInfo> {
  const project = await requireProject(ctx, slug, 'owner');
  const [user] = await ctx.deps.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
    input.email.toLowerCase(),
  ]);
  if (!user) throw new ApiError(404, MESSAGES.userNotFound);
  if (Number(user.id) === ctx.actor.userId && input.role !== 'owner')
    await assertAnotherOwner(ctx, project.id);
  await ctx.deps.db.query(
    `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [project.id, user.id, input.role],
  );
  const members = await listMembers(ctx, slug);
  const member = members.find((candidate) => candidate.userId === Number(user.id));
  if (!member) throw new Error('member vanished after insert');
  return member;
}

export async function removeMember(ctx: VerbContext, slug: string, userId: number): Promise<void> {
  const project = await requireProject(ctx, slug, 'owner');
  const [row] = await ctx.deps.db.query<{ role: Role }>(
    'SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2',
    [project.id, userId],
  );
  if (!row) throw new ApiError(404, MESSAGES.memberNotFound);
  if (row.role === 'owner') await assertAnotherOwner(ctx, project.id, userId);
  await ctx.deps.db.query('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [
    project.id,
    userId,
  ]);
}

async function assertAnotherOwner(
  ctx: VerbContext,
  projectId: string,
  leaving = ctx.actor.userId,
): Promise<void> {
  const owners = await ctx.deps.db.query<{ user_id: string }>(
    `SELECT user_id FROM project_members WHERE project_id = $1 AND role = 'owner' AND user_id <> $2`,
    [projectId, leaving],
  );
  if (owners.length === 0) throw new ApiError(409, MESSAGES.lastOwner);
}
