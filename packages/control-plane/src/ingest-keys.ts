import { randomUUID } from 'node:crypto';
import { ApiError, ingestKeyLastUseKey } from '@quarry/contract';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { requireProject } from './projects.ts';

/** Gateways subscribe to this channel; a message is the claims keyId whose status changed. */
export const KEY_STATUS_CHANNEL = 'quarry:ingest-keys:status';

interface KeyRow {
  id: string;
  key_id: string;
  project_id: string;
  name: string;
  created_at: Date;
  disabled_at: Date | null;
  revoked_at: Date | null;
}

export interface IngestKeyInfo {
  id: number;
  name: string;
  status: 'active' | 'disabled' | 'revoked';
  createdAt: string;
  disabledAt: string | null;
  revokedAt: string | null;
  /** When a gateway last accepted the key (recorded every ~30 s), or null if never or long ago. */
  lastUsedAt?: string | null;
}

const toInfo = (row: KeyRow): IngestKeyInfo => ({
  id: Number(row.id),
  name: row.name,
  status: row.revoked_at ? 'revoked' : row.disabled_at ? 'disabled' : 'active',
  createdAt: row.created_at.toISOString(),
  disabledAt: row.disabled_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** Mints a signed ingest key; the secret is returned here once and never stored. */
export async function createIngestKey(
  ctx: VerbContext,
  slug: string,
  input: { name: string },
): Promise<{ apiKey: string; key: IngestKeyInfo }> {
  const project = await requireProject(ctx, slug, 'admin');
  const [row] = await ctx.deps.db.query<KeyRow>(
    'INSERT INTO ingest_keys (project_id, name, key_id) VALUES ($1, $2, $3) RETURNING *',
    [project.id, input.name, `key_${randomUUID().replaceAll('-', '')}`],
  );
  if (!row) throw new Error('key insert returned nothing');
  const apiKey = await ctx.deps.keyring.sign({
    projectId: String(project.id),
    userId: String(project.owner_user_id),
    keyId: row.key_id,
  });
  return { apiKey, key: toInfo(row) };
}

export async function listIngestKeys(ctx: VerbContext, slug: string): Promise<IngestKeyInfo[]> {
  const project = await requireProject(ctx, slug);
  const rows = await ctx.deps.db.query<KeyRow>(
    'SELECT * FROM ingest_keys WHERE project_id = $1 ORDER BY id',
    [project.id],
  );
  // Gateways keep last use in the counters; without them the list still answers, without it.
  const lastUse = await Promise.all(
    rows.map((row) => ctx.deps.counters.get(ingestKeyLastUseKey(row.key_id)).catch(() => null)),
  );
  return rows.map((row, index) => ({ ...toInfo(row), lastUsedAt: lastUse[index] ?? null }));
}

const TRANSITIONS = {
  disable: 'disabled_at = COALESCE(disabled_at, now())',
  enable: 'disabled_at = NULL',
  revoke: 'revoked_at = COALESCE(revoked_at, now())',
} as const;

/** Disable (reversible), enable, or revoke (final); gateways are told at once through the counters. */
export async function changeIngestKey(
  ctx: VerbContext,
  slug: string,
  input: { id: number; action: keyof typeof TRANSITIONS },
): Promise<IngestKeyInfo> {
  const project = await requireProject(ctx, slug, 'admin');
  const [row] = await ctx.deps.db.query<KeyRow>(
    `UPDATE ingest_keys SET ${TRANSITIONS[input.action]}, status_changed_at = now()
     WHERE id = $1 AND project_id = $2 RETURNING *`,
    [input.id, project.id],
  );
  if (!row) throw new ApiError(404, MESSAGES.keyNotFound);
  // The periodic refresh on every gateway covers a lost publish; this makes it near-instant.
  await ctx.deps.counters.publish(KEY_STATUS_CHANNEL, row.key_id).catch(() => undefined);
  return toInfo(row);
}
