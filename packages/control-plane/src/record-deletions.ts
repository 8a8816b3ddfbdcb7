import { ApiError } from '@quarry/contract';
import { datasetTableName, deleteRecordsSql } from '@quarry/pipeline';
import {
  type Condition,
  compileRecordFilter,
  GUARDS,
  parseRecordFilter,
  type RecordFilter,
} from '@quarry/query';
import { queryableSchema } from '@quarry/schema';
import { z } from 'zod';
import { getDataset, lockDataset } from './datasets.ts';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { requireProject } from './projects.ts';
import { runQuery } from './query.ts';
import { gated } from './query-gate.ts';

/** One audit entry: who deleted which records of a dataset, when, and how many (a string, like every count). */
export interface RecordDeletion {
  id: number;
  datasetId: number;
  range: RecordFilter['range'];
  where: Condition | null;
  deleted: string;
  deletedBy: { userId: number | null; email: string };
  createdAt: string;
}

interface DeletionRow {
  id: string;
  dataset_id: string;
  user_id: string | null;
  user_email: string;
  range_from: Date;
  range_to: Date;
  filter: Condition | null;
  deleted_count: string;
  created_at: Date;
}

const toRecordDeletion = (row: DeletionRow): RecordDeletion => ({
  id: Number(row.id),
  datasetId: Number(row.dataset_id),
  range: { from: row.range_from.toISOString(), to: row.range_to.toISOString() },
  where: row.filter,
  deleted: String(row.deleted_count),
  deletedBy: { userId: row.user_id === null ? null : Number(row.user_id), email: row.user_email },
  createdAt: row.created_at.toISOString(),
});

/** Entries listed per request; the newest first. */
export const MAX_LISTED_DELETIONS = 100;

const Counted = z.object({ n: z.coerce.number() });

/**
 * Deletes the records of a dataset that match a filter (a privacy request): counts them, records the
 * audit entry, then deletes them with a synchronous lightweight DELETE, all while the dataset's
 * catalog row is locked, so a concurrent deletion, version or dataset deletion waits. If the engine
 * fails, the transaction rolls back and the audit keeps no entry for a deletion that did not happen.
 */
export async function deleteRecords(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<RecordDeletion> {
  const project = await requireProject(ctx, slug, 'admin');
  const parsed = parseRecordFilter(body);
  if (!parsed.ok) throw new ApiError(400, parsed.message);
  return ctx.deps.db.transaction(async (tx) => {
    const dataset = await lockDataset(tx, project.id, id);
    if (!dataset.schema) throw new ApiError(404, MESSAGES.datasetSchemaNotFound);
    const schema = queryableSchema({ fields: dataset.schema.fields, added: dataset.added_fields });
    const filter = compileRecordFilter(parsed.filter, schema);
    if (!filter.ok) throw new ApiError(400, filter.message);
    const { sql, params } = filter.compiled;
    const table = `\`${datasetTableName(id)}\``;
    const { warehouse } = ctx.deps;
    return gated(ctx.deps.queryGate, Number(project.id), async () => {
      const [counted] = await runQuery(() =>
        warehouse.query({
          name: 'datasets.delete_count',
          sql: `SELECT count() AS n FROM ${table} WHERE ${sql}`,
          params,
          // The time guard of queries: a count past it answers 504 like a query would.
          settings: { max_execution_time: GUARDS.maxExecutionSeconds },
          schema: Counted,
        }),
      );
      const deleted = counted?.n ?? 0;
      const [entry] = await tx.query<DeletionRow>(
        `INSERT INTO dataset_record_deletions
           (dataset_id, user_id, user_email, range_from, range_to, filter, deleted_count)
         SELECT $1, u.id, u.email, $3, $4, $5, $6 FROM users u WHERE u.id = $2
         RETURNING *`,
        [
          id,
          ctx.actor.userId,
          parsed.filter.range.from,
          parsed.filter.range.to,
          parsed.filter.where ? JSON.stringify(parsed.filter.where) : null,
          deleted,
        ],
      );
      if (!entry) throw new Error('the acting user vanished during a deletion');
      // lightweight_deletes_sync = 2: the answer comes once the rows are gone, not when queued.
      if (deleted > 0) {
        await runQuery(() =>
          warehouse.command({
            name: 'datasets.delete_records',
            sql: deleteRecordsSql(id, sql, warehouse.cluster),
            params,
          }),
        );
      }
      return toRecordDeletion(entry);
    });
  });
}

/** The dataset's audit of deleted records, newest first (admins and owners, like the deletion itself). */
export async function listRecordDeletions(
  ctx: VerbContext,
  slug: string,
  id: number,
): Promise<RecordDeletion[]> {
  await requireProject(ctx, slug, 'admin');
  await getDataset(ctx, slug, id);
  const rows = await ctx.deps.db.query<DeletionRow>(
    'SELECT * FROM dataset_record_deletions WHERE dataset_id = $1 ORDER BY id DESC LIMIT $2',
    [id, MAX_LISTED_DELETIONS],
  );
  return rows.map(toRecordDeletion);
}
