import { ApiError } from '@quarry/contract';
import { addColumnsStatements, dropDatasetTableStatements, retentionDdl } from '@quarry/pipeline';
import { type AddedFields, checkSchemaVersion } from '@quarry/schema';
import {
  DATASET_SCHEMA_CHANNEL,
  type DatasetInfo,
  type DatasetRow,
  getDataset,
  lockDataset,
  toDatasetInfo,
} from './datasets.ts';
import type { VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { boundedRetention, planLimits } from './plans.ts';
import { requireProject } from './projects.ts';

/**
 * Runs a table change inside the catalog transaction: if the engine refuses, nothing is committed.
 * Each statement is idempotent, so a retry after a partial change (on a cluster) completes it.
 */
async function changeTable(ctx: VerbContext, name: string, statements: string[]): Promise<void> {
  try {
    for (const sql of statements) await ctx.deps.warehouse.command({ name, sql });
  } catch (error) {
    throw new ApiError(503, MESSAGES.tableChangeFailed, { cause: error, headers: { 'Retry-After': '5' } });
  }
}

/**
 * Gateways re-read the dataset when its id is pushed (a new version's validator, or a deletion). After
 * the commit; a lost push is covered by the gateways' periodic re-read of the datasets they hold.
 */
async function announce(ctx: VerbContext, id: number): Promise<void> {
  await ctx.deps.counters.publish(DATASET_SCHEMA_CHANNEL, String(id)).catch(() => undefined);
}

/**
 * Publishes version N+1 of a dataset's schema: the previous fields unchanged plus optional ones
 * (docs/api.md, "Schema versions"). The columns are added before the catalog commits, so no gateway
 * accepts a field its table lacks; rows stored earlier read each new column's default.
 */
export async function publishSchemaVersion(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<DatasetInfo> {
  const project = await requireProject(ctx, slug, 'admin');
  const info = await ctx.deps.db.transaction(async (tx) => {
    const row = await lockDataset(tx, project.id, id);
    if (!row.schema) throw new ApiError(404, MESSAGES.datasetSchemaNotFound);
    const checked = checkSchemaVersion({ fields: row.schema.fields, added: row.added_fields }, body);
    if (!checked.ok) throw new ApiError(checked.status, checked.message);
    await changeTable(
      ctx,
      'add_dataset_columns',
      addColumnsStatements(id, checked.added, ctx.deps.warehouse.cluster),
    );
    const version = row.schema_version + 1;
    await tx.query(
      `INSERT INTO dataset_schema_versions (dataset_id, version, added_fields, created_by)
       VALUES ($1, $2, $3, $4)`,
      [id, version, JSON.stringify(checked.added), ctx.actor.userId],
    );
    const [updated] = await tx.query<DatasetRow>(
      'UPDATE datasets SET schema_version = $2, added_fields = $3 WHERE id = $1 RETURNING *',
      [id, version, JSON.stringify({ ...row.added_fields, ...checked.added })],
    );
    if (!updated) throw new Error('dataset vanished during a schema version');
    return toDatasetInfo(updated);
  });
  await announce(ctx, id);
  return info;
}

/** A published schema version after the first: what it added, who published it and when. */
export interface SchemaVersionInfo {
  version: number;
  addedFields: AddedFields;
  publishedBy: number | null;
  publishedAt: string;
}

/** The versions a dataset's schema went through after its registration, oldest first (any member). */
export async function listSchemaVersions(
  ctx: VerbContext,
  slug: string,
  id: number,
): Promise<SchemaVersionInfo[]> {
  await getDataset(ctx, slug, id);
  const rows = await ctx.deps.db.query<{
    version: number;
    added_fields: AddedFields;
    created_by: string | null;
    created_at: Date;
  }>('SELECT * FROM dataset_schema_versions WHERE dataset_id = $1 ORDER BY version', [id]);
  return rows.map((row) => ({
    version: row.version,
    addedFields: row.added_fields,
    publishedBy: row.created_by === null ? null : Number(row.created_by),
    publishedAt: row.created_at.toISOString(),
  }));
}

/** Sets a dataset's retention (null: the plan's bound, or none) and its table's TTL together. */
export async function setRetention(
  ctx: VerbContext,
  slug: string,
  id: number,
  requested: number | null,
): Promise<DatasetInfo> {
  const project = await requireProject(ctx, slug, 'admin');
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockDataset(tx, project.id, id);
    const [owner] = await tx.query<{ plan: string }>('SELECT plan FROM projects WHERE id = $1', [project.id]);
    const days = boundedRetention(planLimits(ctx.deps.plans, owner?.plan ?? 'free'), requested);
    // Before its schema a dataset has no table: registration creates it with this retention.
    if (row.schema && days !== row.retention_days) {
      await changeTable(ctx, 'set_dataset_retention', [retentionDdl(id, days, ctx.deps.warehouse.cluster)]);
    }
    const [updated] = await tx.query<DatasetRow>(
      'UPDATE datasets SET retention_days = $2 WHERE id = $1 RETURNING *',
      [id, days],
    );
    if (!updated) throw new Error('dataset vanished while setting its retention');
    return toDatasetInfo(updated);
  });
}

/**
 * Deletes a dataset: its table is dropped, its place in the plan's count and its slug are freed, and
 * its row stays (marked deleted) so the id is never given to another dataset. Every gateway answers
 * 404 for it once the push arrives. Records already queued for it become dead letters in the writer
 * ("dataset table missing"): they neither stop nor slow the partition.
 */
export async function deleteDataset(ctx: VerbContext, slug: string, id: number): Promise<void> {
  const project = await requireProject(ctx, slug, 'admin');
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockDataset(tx, project.id, id);
    if (row.is_default) throw new ApiError(409, MESSAGES.defaultDatasetKept);
    await tx.query('UPDATE datasets SET deleted_at = now(), deleted_by = $2 WHERE id = $1', [
      id,
      ctx.actor.userId,
    ]);
    await changeTable(ctx, 'drop_dataset_table', dropDatasetTableStatements(id, ctx.deps.warehouse.cluster));
  });
  await announce(ctx, id);
}
