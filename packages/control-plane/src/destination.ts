import { ApiError } from '@quarry/contract';
import type { VerbContext } from './deps.ts';
import { newSigningSecret, redactUrl, sealDestination } from './destination-secrets.ts';
import { type ProjectInfo, type ProjectRow, requireProject, toProjectInfo } from './projects.ts';

export interface DestinationInput {
  type?: unknown;
  webhook_url?: unknown;
  read_api_url?: unknown;
  direct_db_url?: unknown;
}

/** Each type the writer can deliver to, with the URL field it requires and the schemes it accepts. */
const TYPES: Record<string, { field: keyof DestinationInput & string; schemes: readonly string[] }> = {
  logger: { field: 'read_api_url', schemes: ['http:', 'https:'] },
  webhook: { field: 'webhook_url', schemes: ['http:', 'https:'] },
  direct_db_postgres: { field: 'direct_db_url', schemes: ['postgres:', 'postgresql:'] },
};
const SUPPORTED = Object.keys(TYPES).join(', ');

export interface ParsedDestination {
  type: string;
  field: string;
  url: string;
}

/**
 * Contract §4, checked when saved: only kinds the writer delivers to (an unknown `direct_db_*` would
 * be dead-lettered forever) and only their schemes. Where the URL may connect is the writer's check,
 * after DNS resolution, at each connection.
 */
export function parseDestination(input: DestinationInput): ParsedDestination {
  const { type } = input;
  if (typeof type !== 'string') throw new ApiError(400, `type is required: one of ${SUPPORTED}`);
  const spec = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  if (!spec) throw new ApiError(400, `Unsupported destination type: ${type}; supported: ${SUPPORTED}`);
  const url = input[spec.field];
  if (typeof url !== 'string' || url.length === 0) {
    throw new ApiError(400, `${spec.field} is required when type is ${type}`);
  }
  const parsed = URL.parse(url);
  if (!parsed) throw new ApiError(400, `${spec.field} must be a URL`);
  if (!spec.schemes.includes(parsed.protocol)) {
    const schemes = spec.schemes.map((scheme) => scheme.slice(0, -1)).join(' or ');
    throw new ApiError(400, `${spec.field} must be a ${schemes} URL`);
  }
  if (parsed.hostname === '') throw new ApiError(400, `${spec.field} must name a host`);
  return { type, field: spec.field, url };
}

export interface DestinationChange {
  project: ProjectInfo;
  /** A webhook's new Standard Webhooks secret: answered this once, then only stored sealed. */
  signingSecret?: string;
}

export async function setDestination(
  ctx: VerbContext,
  slug: string,
  input: DestinationInput,
): Promise<DestinationChange> {
  const project = await requireProject(ctx, slug, 'admin');
  const destination = parseDestination(input);
  const signingSecret = destination.type === 'webhook' ? newSigningSecret() : undefined;
  // The logger's read_api_url is never connected to and holds no secret: nothing to seal.
  const sealed =
    destination.type === 'logger'
      ? null
      : sealDestination(
          { url: destination.url, ...(signingSecret ? { signingSecret } : {}) },
          ctx.deps.destinationKey,
        );
  const visible = {
    type: destination.type,
    [destination.field]: sealed === null ? destination.url : redactUrl(destination.url),
  };
  const [row] = await ctx.deps.db.query<ProjectRow>(
    `UPDATE projects SET destination = $2, destination_sealed = $3 WHERE id = $1
     RETURNING *, $4::text AS role`,
    [project.id, JSON.stringify(visible), sealed, project.role],
  );
  if (!row) throw new Error('project vanished during update');
  return { project: toProjectInfo(row), ...(signingSecret ? { signingSecret } : {}) };
}
