import { ApiError } from '@quarry/contract';
import { uniqueViolation } from './accounts.ts';
import type { Db, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';

export type Role = 'owner' | 'admin' | 'member';
const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export interface ProjectRow {
  id: string;
  slug: string;
  name: string;
  owner_user_id: string;
  destination: Record<string, unknown>;
  created_at: Date;
  role: Role;
}

export interface ProjectInfo {
  id: number;
  slug: string;
  name: string;
  ownerUserId: number;
  role: Role;
  destination: Record<string, unknown>;
  createdAt: string;
}

export function toProjectInfo(row: ProjectRow): ProjectInfo {
  return {
    id: Number(row.id),
    slug: row.slug,
    name: row.name,
    ownerUserId: Number(row.owner_user_id),
    role: row.role,
    destination: visibleDestination(row.destination, row.role),
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Destination URLs carry credentials (a database password, a webhook token in the path), and only
 * admins can change them: a plain member sees where logs go, not how to reach it.
 */
function visibleDestination(destination: Record<string, unknown>, role: Role): Record<string, unknown> {
  return RANK[role] >= RANK.admin ? destination : { type: destination.type };
}

const PROJECT_WITH_ROLE = `SELECT p.*, m.role FROM projects p
  JOIN project_members m ON m.project_id = p.id AND m.user_id = $1`;

/**
 * The project behind a slug, if the actor is a member with at least `role`. A foreign and an unknown
 * slug answer the same 404, so a slug's existence is never revealed to outsiders.
 */
export async function requireProject(
  { deps, actor }: VerbContext,
  slug: string,
  role: Role = 'member',
  db: Db = deps.db,
): Promise<ProjectRow> {
  const [row] = await db.query<ProjectRow>(`${PROJECT_WITH_ROLE} WHERE p.slug = $2`, [actor.userId, slug]);
  if (!row) throw new ApiError(404, MESSAGES.projectNotFound);
  if (RANK[row.role] < RANK[role]) throw new ApiError(403, MESSAGES.forbiddenRole);
  return row;
}

/** Creates a project, its owner membership and its default dataset in one transaction (contract §1). */
export async function createProject(
  ctx: VerbContext,
  input: { slug: string; name?: string | undefined },
): Promise<ProjectInfo> {
  try {
    return await ctx.deps.db.transaction(async (tx) => {
      const [project] = await tx.query<ProjectRow>(
        `INSERT INTO projects (slug, name, owner_user_id) VALUES ($1, $2, $3) RETURNING *, 'owner' AS role`,
        [input.slug, input.name ?? input.slug, ctx.actor.userId],
      );
      if (!project) throw new Error('project insert returned nothing');
      await tx.query(`INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'owner')`, [
        project.id,
        ctx.actor.userId,
      ]);
      await tx.query(
        `INSERT INTO datasets (project_id, name, slug, description, is_default, status)
         VALUES ($1, 'Default', 'default', $2, true, 'pending_schema')`,
        [project.id, 'Records sent to the legacy ingest endpoints'],
      );
      return toProjectInfo(project);
    });
  } catch (error) {
    if (uniqueViolation(error, 'projects_slug')) throw new ApiError(409, MESSAGES.projectSlugTaken);
    throw error;
  }
}

export async function listProjects({ deps, actor }: VerbContext): Promise<ProjectInfo[]> {
  const rows = await deps.db.query<ProjectRow>(`${PROJECT_WITH_ROLE} ORDER BY p.created_at, p.id`, [
    actor.userId,
  ]);
  return rows.map(toProjectInfo);
}

export async function getProject(ctx: VerbContext, slug: string): Promise<ProjectInfo> {
  return toProjectInfo(await requireProject(ctx, slug));
}
