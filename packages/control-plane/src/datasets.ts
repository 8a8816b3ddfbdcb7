import { ApiError } from '@quarry/contract';
import { datasetTableStatements, dropDatasetTableStatements } from '@quarry/pipeline';
import { type AddedFields, type DatasetSchema, parseSchemaDefinition } from '@quarry/schema';
import { uniqueViolation } from './accounts.ts';
import type { Db, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { boundedRetention, planLimits } from './plans.ts';
import { requireProject } from './projects.ts';

export interface DatasetRow {
  id: string;
  project_id: string;
  name: string;
  slug: string;
  description: string | null;
  is_default: boolean;
  schema: DatasetSchema | null;
  status: 'pending_schema' | 'active';
  schema_version: number;
  added_fields: AddedFields;
  retention_days: number | null;
}

/** Rows of datasets that were not deleted: every read of a dataset by id or slug goes through it. */
export const LIVE_DATASETS = 'SELECT * FROM datasets WHERE deleted_at IS NULL';

/** A live dataset of the project, its row locked for a change until the transaction ends, or 404. */
export async function lockDataset(tx: Db, projectId: string, id: number): Promise<DatasetRow> {
  const [row] = await tx.query<DatasetRow>(`${LIVE_DATASETS} AND id = $1 AND project_id = $2 FOR UPDATE`, [
    id,
    projectId,
  ]);
  if (!row) throw new ApiError(404, MESSAGES.datasetNotFound);
  return row;
}

/** The wire shape of contract §1, plus the lifecycle's additive fields (docs/api.md). */
export interface DatasetInfo {
  id: number;
  name: string;
  slug: string;
  description: string | null;
  schema: DatasetSchema | null;
  isDefault: boolean;
  status: 'pending_schema' | 'active';
  /** 1 at registration; each published version adds one. */
  schemaVersion: number;
  /** Optional fields later versions added: type and the value rows without it read (null: nullable). */
  addedFields: AddedFields;
  /** Days a record is kept after its `timestamp`; null: until deleted. */
  retentionDays: number | null;
}

export const toDatasetInfo = (row: DatasetRow): DatasetInfo => ({
  id: Number(row.id),
  name: row.name,
  slug: row.slug,
  description: row.description,
  schema: row.schema,
  isDefault: row.is_default,
  status: row.status,
  schemaVersion: row.schema_version,
  addedFields: row.added_fields,
  retentionDays: row.retention_days,
});

/** "Paid Orders (EU)" → "paid-orders-eu"; a name with no letters or digits gets "dataset". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'dataset';
}

/** Seconds: an hour, since the count quota does not free itself. */
export const DATASET_QUOTA_RETRY_AFTER = '3600';

export async function createDataset(
  ctx: VerbContext,
  slug: string,
  input: { name: string; description?: string | undefined; retentionDays?: number | null | undefined },
): Promise<DatasetInfo> {
  const project = await requireProject(ctx, slug, 'admin');
  try {
    return await ctx.deps.db.transaction(async (tx) => {
      // Locking the project row serializes concurrent creations, so the count quota cannot be overrun.
      const [locked] = await tx.query<{ plan: string }>(
        'SELECT plan FROM projects WHERE id = $1 FOR UPDATE',
        [project.id],
      );
      const plan = planLimits(ctx.deps.plans, locked?.plan ?? 'free');
      const limit = plan.datasets;
      const retentionDays = boundedRetention(plan, input.retentionDays);
      // A deleted dataset frees its place in the count.
      const [count] = await tx.query<{ n: string }>(
        'SELECT count(*) AS n FROM datasets WHERE project_id = $1 AND deleted_at IS NULL',
        [project.id],
      );
      if (limit !== -1 && Number(count?.n ?? 0) >= limit) {
        // Every 429 says when to retry; a count quota frees only when a dataset goes or the plan changes.
        throw new ApiError(429, MESSAGES.datasetQuotaReached, {
          details: { limit },
          headers: { 'Retry-After': DATASET_QUOTA_RETRY_AFTER },
        });
      }
      const [row] = await tx.query<DatasetRow>(
        `INSERT INTO datasets (project_id, name, slug, description, is_default, status, retention_days)
         VALUES ($1, $2, $3, $4, false, 'pending_schema', $5) RETURNING *`,
        [project.id, input.name, slugify(input.name), input.description ?? null, retentionDays],
      );
      if (!row) throw new Error('dataset insert returned nothing');
      return toDatasetInfo(row);
    });
  } catch (error) {
    if (uniqueViolation(error, 'datasets_project_id_slug'))
      throw new ApiError(409, MESSAGES.datasetSlugTaken);
    throw error;
  }
}

export async function listDatasets(ctx: VerbContext, slug: string): Promise<DatasetInfo[]> {
  const project = await requireProject(ctx, slug);
  const rows = await ctx.deps.db.query<DatasetRow>(`${LIVE_DATASETS} AND project_id = $1 ORDER BY id`, [
    project.id,
  ]);
  return rows.map(toDatasetInfo);
}

export async function getDataset(ctx: VerbContext, slug: string, id: number): Promise<DatasetInfo> {
  const project = await requireProject(ctx, slug);
  const [row] = await ctx.deps.db.query<DatasetRow>(`${LIVE_DATASETS} AND id = $1 AND project_id = $2`, [
    id,
    project.id,
  ]);
  if (!row) throw new ApiError(404, MESSAGES.datasetNotFound);
  return toDatasetInfo(row);
}

/**
 * Registers the dataset's one schema and creates its table. The row lock makes concurrent attempts
 * queue: the first wins, the rest see a schema and get 409. If the table cannot be created the
 * transaction rolls back, so there is never a schema without a table.
 */
/** Gateways forget that a dataset had no schema when its id is published here. */
export const DATASET_SCHEMA_CHANNEL = 'quarry:datasets:schema';

export async function registerSchema(
  ctx: VerbContext,
  slug: string,
  id: number,
  body: unknown,
): Promise<DatasetInfo> {
  // Access first: an outsider or a member learns nothing from the body's validation messages.
  const project = await requireProject(ctx, slug, 'admin');
  const parsed = parseSchemaDefinition(body);
  if (!parsed.ok) throw new ApiError(400, parsed.message);
  const info = await ctx.deps.db.transaction(async (tx) => {
    const row = await lockDataset(tx, project.id, id);
    if (row.schema !== null) throw new ApiError(409, MESSAGES.schemaAlreadyRegistered);
    await createDatasetTable(ctx, id, parsed.schema, row.retention_days);
    const [updated] = await tx.query<DatasetRow>(
      `UPDATE datasets SET schema = $2, status = 'active' WHERE id = $1 RETURNING *`,
      [id, JSON.stringify(parsed.schema)],
    );
    if (!updated) throw new Error('dataset vanished during registration');
    return toDatasetInfo(updated);
  });
  // After the commit, so a gateway that re-reads on the push sees the schema. A lost push is covered
  // by the gateways' short memory of unknown datasets (UNKNOWN_DATASET_TTL_MS).
  await ctx.deps.counters.publish(DATASET_SCHEMA_CHANNEL, String(id)).catch(() => undefined);
  return info;
}

// No record can reach a table before its schema is registered, so a leftover from an attempt whose
// catalog commit failed holds no data and is safe to replace.
async function createDatasetTable(
  ctx: VerbContext,
  id: number,
  schema: DatasetSchema,
  retentionDays: number | null,
): Promise<void> {
  const { warehouse } = ctx.deps;
  try {
    for (const sql of dropDatasetTableStatements(id, warehouse.cluster)) {
      await warehouse.command({ name: 'drop_unregistered_table', sql });
    }
    for (const sql of datasetTableStatements(id, schema, { retentionDays }, warehouse.cluster)) {
      await warehouse.command({ name: 'create_dataset_table', sql });
    }
  } catch (error) {
    throw new ApiError(503, MESSAGES.schemaTableFailed, { cause: error, headers: { 'Retry-After': '5' } });
  }
}
