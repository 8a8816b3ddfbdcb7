import type { Db, VerbContext } from './deps.ts';
import { redactUrl, sealDestination } from './destination-secrets.ts';
import { requireProject } from './projects.ts';

/** One outbox row as the project admin sees it: how it went, and why not when it failed. */
export interface DeliveryInfo {
  id: number;
  /** `failed` is final (out of attempts, or refused: e.g. an address on the operator's network). */
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  events: number;
  attempts: number;
  reason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface DeliveryRow {
  id: string;
  state: 'pending' | 'delivered' | 'dead' | 'dropped';
  event_count: number;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The project's most recent log deliveries (newest first); admins only, like the destination. */
export async function listDeliveries(ctx: VerbContext, slug: string, limit = 50): Promise<DeliveryInfo[]> {
  const project = await requireProject(ctx, slug, 'admin');
  const rows = await ctx.deps.db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM log_deliveries
     WHERE project_id = $1 ORDER BY id DESC LIMIT $2`,
    [project.id, limit],
  );
  return rows.map(toDeliveryInfo);
}

export const DELIVERY_COLUMNS = 'id, state, event_count, attempts, last_error, created_at, finished_at';

export function toDeliveryInfo(row: DeliveryRow): DeliveryInfo {
  return {
    id: Number(row.id),
    status: row.state === 'dead' ? 'failed' : row.state,
    events: row.event_count,
    attempts: row.attempts,
    reason: row.last_error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/**
 * Seals destinations saved before secrets were sealed (their URL still plain in `destination`).
 * The control API runs it at start; idempotent, and a row changed meanwhile is left for next time.
 */
export async function sealStoredDestinations(db: Db, key: Buffer): Promise<number> {
  const rows = await db.query<{ id: string; destination: Record<string, unknown> }>(
    `SELECT id, destination FROM projects
     WHERE destination_sealed IS NULL AND destination->>'type' IN ('webhook', 'direct_db_postgres')`,
  );
  let sealed = 0;
  for (const { id, destination } of rows) {
    const field = destination.type === 'webhook' ? 'webhook_url' : 'direct_db_url';
    const url = destination[field];
    if (typeof url !== 'string' || !URL.canParse(url)) continue;
    const updated = await db.query(
      `UPDATE projects SET destination = $2, destination_sealed = $3
       WHERE id = $1 AND destination_sealed IS NULL AND destination = $4::jsonb RETURNING id`,
      [
        id,
        JSON.stringify({ ...destination, [field]: redactUrl(url) }),
        sealDestination({ url }, key),
        JSON.stringify(destination),
      ],
    );
    sealed += updated.length;
  }
  return sealed;
}
