import { ApiError } from '@quarry/contract';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { type ProjectInfo, type ProjectRow, requireProject, toProjectInfo } from './projects.ts';

/**
 * Makes another member the project's owner: from now on the project's dataset records count against
 * the new owner's monthly quota (gateways re-read the owner every PROJECT_OWNER_REFRESH_MS). Only the
 * current owner may do it; the new owner gets the `owner` role, the previous one keeps theirs and can
 * step down through the members API. The owner check and the change are one statement, so two
 * concurrent transfers cannot both win.
 */
export async function transferProject(
  ctx: VerbContext,
  slug: string,
  input: { email: string },
): Promise<ProjectInfo> {
  const project = await requireProject(ctx, slug, 'owner');
  if (Number(project.owner_user_id) !== ctx.actor.userId) throw new ApiError(403, MESSAGES.notProjectOwner);
  return ctx.deps.db.transaction(async (tx) => {
    const [target] = await tx.query<{ user_id: string }>(
      `SELECT m.user_id FROM project_members m JOIN users u ON u.id = m.user_id
       WHERE m.project_id = $1 AND u.email = $2`,
      [project.id, input.email.toLowerCase()],
    );
    if (!target) throw new ApiError(409, MESSAGES.transferToMember);
    const [moved] = await tx.query<ProjectRow>(
      `UPDATE projects SET owner_user_id = $2 WHERE id = $1 AND owner_user_id = $3 RETURNING *, $4::text AS role`,
      [project.id, target.user_id, ctx.actor.userId, project.role],
    );
    if (!moved) throw new ApiError(403, MESSAGES.notProjectOwner);
    await tx.query(`UPDATE project_members SET role = 'owner' WHERE project_id = $1 AND user_id = $2`, [
      project.id,
      target.user_id,
    ]);
    return toProjectInfo(moved);
  });
}
