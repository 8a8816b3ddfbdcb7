import { ApiError } from '@quarry/contract';
import { type CopyPlan, copyMonthsSql, planCopy } from '@quarry/pipeline';
import type { VersionedSchema } from '@quarry/schema';
import { WarehouseError } from '@quarry/warehouse';
import { z } from 'zod';
import { type DatasetRow, getDataset, LIVE_DATASETS } from './datasets.ts';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { requireProject } from './projects.ts';
import { runQuery } from './query.ts';

/** A copy of one dataset's rows into another, with its progress. Counts are strings, like every count. */
export interface DatasetCopy {
  id: number;
  targetId: number;
  sourceId: number;
  fields: Record<string, string>;
  status: 'running' | 'done' | 'failed';
  monthsTotal: number;
  monthsDone: number;
  rowsCopied: string;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

interface CopyRow {
  id: string;
  target_id: string;
  source_id: string;
  fields: Record<string, string>;
  status: DatasetCopy['status'];
  months_total: number;
  months_done: number;
  rows_copied: string;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

const toDatasetCopy = (row: CopyRow): DatasetCopy => ({
  id: Number(row.id),
  targetId: Number(row.target_id),
  sourceId: Number(row.source_id),
  fields: row.fields,
  status: row.status,
  monthsTotal: row.months_total,
  monthsDone: row.months_done,
  rowsCopied: String(row.rows_copied),
  error: row.error,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const CopyBody = z.strictObject({
  from: z.int().positive().describe('The dataset whose rows are copied, in the same project'),
  fields: z
    .record(z.string().max(64), z.string().max(64))
    .optional()
    .describe('Target field → source field, for fields whose names differ; others match by name'),
});

const Month = z.object({ month: z.coerce.number() });
const Counted = z.object({ n: z.coerce.number() });

const versioned = (row: DatasetRow): VersionedSchema | null =>
  row.schema ? { fields: row.schema.fields, added: row.added_fields } : null;

/**
 * Starts copying `from`'s rows into dataset `id` of the same project (admins and owners): the path
 * for a change a schema version cannot make (docs/api.md "Copying a dataset"). Answers at once with
 * the copy's record; the copy itself runs month by month in the background, its progress in the
 * catalog.
 */
export async function startCopy(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: z.infer<typeof CopyBody>,
): Promise<DatasetCopy> {
  const project = await requireProject(ctx, slug, 'admin');
  const rows = await ctx.deps.db.query<DatasetRow>(`${LIVE_DATASETS} AND project_id = $1 AND id = ANY($2)`, [
    project.id,
    [id, body.from],
  ]);
  const target = rows.find((row) => Number(row.id) === id);
  const source = rows.find((row) => Number(row.id) === body.from);
  if (!target || !source) throw new ApiError(404, MESSAGES.datasetNotFound);
  const targetSchema = versioned(target);
  const sourceSchema = versioned(source);
  if (!targetSchema || !sourceSchema) throw new ApiError(404, MESSAGES.datasetSchemaNotFound);
  if (id === body.from) throw new ApiError(400, 'A dataset cannot be copied into itself');
  const planned = planCopy(
    { id, schema: targetSchema },
    { id: body.from, schema: sourceSchema },
    body.fields,
  );
  if (!planned.ok) throw new ApiError(400, planned.message);
  const months = await runQuery(() =>
    ctx.deps.warehouse.query({ name: 'datasets.copy_months', sql: copyMonthsSql(body.from), schema: Month }),
  );
  const [created] = await ctx.deps.db.query<CopyRow>(
    `INSERT INTO dataset_copies (target_id, source_id, fields, months_total, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [id, body.from, JSON.stringify(planned.plan.fields), months.length, ctx.actor.userId],
  );
  if (!created) throw new Error('copy insert returned nothing');
  void runCopy(
    ctx,
    created,
    planned.plan,
    months.map((row) => row.month),
  );
  return toDatasetCopy(created);
}

/** Copies month after month, recording progress; a failure stops the copy with the engine's code. */
async function runCopy(ctx: VerbContext, copy: CopyRow, plan: CopyPlan, months: number[]): Promise<void> {
  const { db, warehouse } = ctx.deps;
  try {
    for (const month of months) {
      const params = { month };
      const [counted] = await warehouse.query({
        name: 'datasets.copy_count',
        sql: plan.countSql,
        params,
        schema: Counted,
      });
      await warehouse.command({ name: 'datasets.copy_month', sql: plan.sql, params });
      await db.query(
        `UPDATE dataset_copies SET months_done = months_done + 1, rows_copied = rows_copied + $2,
           updated_at = now() WHERE id = $1`,
        [copy.id, counted?.n ?? 0],
      );
    }
    await db.query(`UPDATE dataset_copies SET status = 'done', updated_at = now() WHERE id = $1`, [copy.id]);
  } catch (error) {
    // Only the engine's code: its message may name internals a client should not read.
    const reason =
      error instanceof WarehouseError && error.code ? `engine error ${error.code}` : 'copy failed';
    await db
      .query(`UPDATE dataset_copies SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [
        copy.id,
        reason,
      ])
      .catch(() => undefined);
  }
}

/** The copies into a dataset, newest first (admins and owners). */
export async function listCopies(ctx: VerbContext, slug: string, id: number): Promise<DatasetCopy[]> {
  await requireProject(ctx, slug, 'admin');
  await getDataset(ctx, slug, id);
  const rows = await ctx.deps.db.query<CopyRow>(
    'SELECT * FROM dataset_copies WHERE target_id = $1 ORDER BY id DESC LIMIT 100',
    [id],
  );
  return rows.map(toDatasetCopy);
}
