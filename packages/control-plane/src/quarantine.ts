import { randomUUID } from 'node:crypto';
import { ApiError } from '@quarry/contract';
import { datasetTableName, MessageIds } from '@quarry/pipeline';
import { insertIsolatingRefused, WarehouseError } from '@quarry/warehouse';
import { z } from 'zod';
import { getDataset } from './datasets.ts';
import type { VerbContext } from './deps.ts';
import { describeIssue } from './logs-search.ts';
import { MESSAGES } from './messages.ts';
import { requireProject } from './projects.ts';

/** One quarantined record as the API shows it: the fields it was sent with, and why it is here. */
export interface QuarantinedRecord {
  id: string;
  reason: string;
  receivedAt: string;
  quarantinedAt: string;
  replayAttempts: number;
  record: Record<string, unknown>;
}

export interface QuarantinePage {
  records: QuarantinedRecord[];
  /** Present when more records follow: pass it as `cursor`. */
  nextCursor?: string;
}

interface EntryRow {
  id: string;
  reason: string;
  row_json: string;
  received_at: Date | string;
  quarantined_at: Date | string;
  replay_attempts: number;
}

export const QUARANTINE_PAGE_MAX = 1000;
/** Records one replay request takes at most; the answer's `remaining` says whether to call again. */
export const REPLAY_BATCH_MAX = 1000;

export const ListQuarantineQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'cursor must be a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(QUARANTINE_PAGE_MAX).default(100),
});

export const QuarantineSelection = z.strictObject({
  ids: z
    .array(z.string().regex(/^\d{1,18}$/, 'ids must be record ids from the quarantine listing'))
    .min(1)
    .max(REPLAY_BATCH_MAX)
    .optional(),
});

const iso = (value: Date | string) => new Date(value).toISOString();

// The writer keeps a row with its bus provenance (`__…` columns); the API shows what was sent.
function sentFields(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([name]) => !name.startsWith('__')));
}

/** A page of the dataset's quarantine, oldest first. Any member may read it. */
export async function listQuarantine(
  ctx: VerbContext,
  slug: string,
  id: number,
  query: z.output<typeof ListQuarantineQuery>,
): Promise<QuarantinePage> {
  await getDataset(ctx, slug, id);
  const rows = await ctx.deps.db.query<EntryRow>(
    `SELECT id, reason, row_json, received_at, quarantined_at, replay_attempts FROM dataset_quarantine
     WHERE dataset_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [id, query.cursor ?? '0', query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    records: page.map((row) => ({
      id: String(row.id),
      reason: row.reason,
      receivedAt: iso(row.received_at),
      quarantinedAt: iso(row.quarantined_at),
      replayAttempts: Number(row.replay_attempts),
      record: sentFields(JSON.parse(row.row_json) as Record<string, unknown>),
    })),
    ...(rows.length > query.limit && last ? { nextCursor: String(last.id) } : {}),
  };
}

/** Removes the selected records (all of them without `ids`) for good; answers how many went. */
export async function discardQuarantine(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<{ discarded: number }> {
  const selection = await selectForChange(ctx, slug, id, body);
  // A record a replay holds may be in the warehouse already: discarding it would not undo that.
  const rows = await ctx.deps.db.query(
    `DELETE FROM dataset_quarantine WHERE dataset_id = $1 AND replay_token IS NULL
     AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[])) RETURNING id`,
    [id, selection.ids ?? null],
  );
  return { discarded: rows.length };
}

export interface ReplayResult {
  /** Records now stored in the dataset (each once, however often replay is retried). */
  replayed: number;
  /** Records the warehouse refused again: they stay in quarantine with the new reason. */
  refused: number;
  /** Records still in quarantine that this request did not take (past REPLAY_BATCH_MAX). */
  remaining: number;
}

/**
 * Writes quarantined records to the dataset's table again, after the cause was fixed. Exactly once:
 * the records a replay takes are marked with its token first; each stored record's message id
 * (`quarantine:<id>`) is claimed in the writer's message-id table, so a replay retried or resumed
 * after a crash skips what was stored and inserts the rest under the same token.
 */
export async function replayQuarantine(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<ReplayResult> {
  const selection = await selectForChange(ctx, slug, id, body);
  const db = ctx.deps.db;
  const result: ReplayResult = { replayed: 0, refused: 0, remaining: 0 };
  try {
    const open = await db.query<{ replay_token: string }>(
      'SELECT DISTINCT replay_token FROM dataset_quarantine WHERE dataset_id = $1 AND replay_token IS NOT NULL',
      [id],
    );
    for (const { replay_token } of open) await replayHeld(ctx, id, replay_token, result);
    const token = `quarantine-replay:${randomUUID()}`;
    await db.query(
      `UPDATE dataset_quarantine SET replay_token = $2 WHERE id IN (
         SELECT id FROM dataset_quarantine WHERE dataset_id = $1 AND replay_token IS NULL
         AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[])) ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)`,
      [id, token, selection.ids ?? null, REPLAY_BATCH_MAX],
    );
    await replayHeld(ctx, id, token, result);
  } catch (error) {
    if (error instanceof ApiError || !(error instanceof WarehouseError)) throw error;
    throw new ApiError(503, MESSAGES.warehouseUnavailable, { headers: { 'Retry-After': '5' }, cause: error });
  }
  const [left] = await db.query<{ count: string }>(
    'SELECT count(*) AS count FROM dataset_quarantine WHERE dataset_id = $1 AND replay_attempts = 0',
    [id],
  );
  result.remaining = Number(left?.count ?? 0);
  return result;
}

interface HeldRecord {
  entryId: string;
  row: Record<string, unknown>;
}

/** Stores the records one replay token holds, claims their ids, and releases them. */
async function replayHeld(ctx: VerbContext, datasetId: number, token: string, result: ReplayResult) {
  const { db, warehouse } = ctx.deps;
  const table = datasetTableName(datasetId);
  const held = await db.query<{ id: string; row_json: string }>(
    'SELECT id, row_json FROM dataset_quarantine WHERE dataset_id = $1 AND replay_token = $2 ORDER BY id',
    [datasetId, token],
  );
  if (held.length === 0) return;
  const ids = new MessageIds(warehouse);
  const messageId = (entryId: string) => `quarantine:${entryId}`;
  const owners = await ids.owners(
    table,
    held.map((entry) => messageId(entry.id)),
  );
  const fresh: HeldRecord[] = held
    .filter((entry) => !owners.has(messageId(entry.id)))
    .map((entry) => ({ entryId: entry.id, row: JSON.parse(entry.row_json) as Record<string, unknown> }));
  const refused = await insertIsolatingRefused(
    (records: HeldRecord[], part) =>
      warehouse.insert({ table, rows: records.map((record) => record.row), dedupToken: part }),
    fresh,
    token,
    (stored) =>
      ids.claim(
        table,
        stored.map(({ entryId }) => ({
          id: messageId(entryId),
          topic: 'quarantine',
          partition: 0,
          offset: BigInt(entryId),
        })),
      ),
  );
  for (const { row, reason } of refused) {
    await db.query(
      `UPDATE dataset_quarantine SET reason = $2, replay_attempts = replay_attempts + 1, replay_token = NULL
       WHERE id = $1`,
      [row.entryId, reason],
    );
  }
  const refusedIds = new Set(refused.map(({ row }) => row.entryId));
  const stored = held.filter((entry) => !refusedIds.has(entry.id)).map((entry) => entry.id);
  await db.query('DELETE FROM dataset_quarantine WHERE id = ANY($1::bigint[])', [stored]);
  result.replayed += stored.length;
  result.refused += refused.length;
}

/** The caller's access (an admin: replay and discard change the dataset), then the body. */
async function selectForChange(ctx: VerbContext, slug: string, id: number, body: unknown) {
  await requireProject(ctx, slug, 'admin');
  await getDataset(ctx, slug, id);
  const parsed = QuarantineSelection.safeParse(body ?? {});
  if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error, 'Invalid body'));
  return parsed.data;
}
