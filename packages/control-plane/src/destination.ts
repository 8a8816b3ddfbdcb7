import { ApiError } from '@quarry/contract';
import type { VerbContext } from './deps.ts';
import { type ProjectInfo, type ProjectRow, requireProject, toProjectInfo } from './projects.ts';

export interface DestinationInput {
  type?: unknown;
  webhook_url?: unknown;
  read_api_url?: unknown;
  direct_db_url?: unknown;
}

const DIRECT_DB = /^direct_db_[a-z0-9_]+$/;

/** Contract §4: which URL each destination type requires. Returns the stored destination or a 400. */
export function parseDestination(input: DestinationInput): Record<string, string> {
  const { type } = input;
  if (typeof type !== 'string') throw new ApiError(400, 'type is required: logger, webhook or direct_db_*');
  const required =
    type === 'webhook'
      ? 'webhook_url'
      : type === 'logger'
        ? 'read_api_url'
        : DIRECT_DB.test(type)
          ? 'direct_db_url'
          : null;
  if (required === null) throw new ApiError(400, `Unknown destination type: ${type}`);
  const url = input[required as keyof DestinationInput];
  if (typeof url !== 'string' || url.length === 0) {
    throw new ApiError(400, `${required} is required when type is ${type}`);
  }
  if (!URL.canParse(url)) throw new ApiError(400, `${required} must be a URL`);
  return { type, [required]: url };
}

export async function setDestination(
  ctx: VerbContext,
  slug: string,
  input: DestinationInput,
): Promise<ProjectInfo> {
  const project = await requireProject(ctx, slug, 'admin');
  const destination = parseDestination(input);
  const [row] = await ctx.deps.db.query<ProjectRow>(
    `UPDATE projects SET destination = $2 WHERE id = $1 RETURNING *, $3::text AS role`,
    [project.id, JSON.stringify(destination), project.role],
  );
  if (!row) throw new Error('project vanished during update');
  return toProjectInfo(row);
}
