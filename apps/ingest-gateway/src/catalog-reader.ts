import type { SqlExecutor } from '@quarry/catalog';
import type { AddedFields, DatasetSchema } from '@quarry/schema';

export interface DatasetTarget {
  id: number;
  projectId: number;
  schema: DatasetSchema | null;
  schemaVersion: number;
  addedFields: AddedFields;
}

export interface KeyStatusChange {
  keyId: string;
  refused: boolean;
  changedAt: Date;
}

// Commits can land out of timestamp order; re-reading a window behind the watermark catches them.
const STATUS_OVERLAP_MS = 30_000;

/** The few catalog reads the gateway makes, none of them per request in steady state. */
export interface CatalogReader {
  dataset(id: number): Promise<DatasetTarget | null>;
  defaultDataset(projectId: number): Promise<DatasetTarget | null>;
  /** The project's owner of the moment (null for an unknown project). */
  projectOwner(projectId: number): Promise<number | null>;
  activePublicKeys(): Promise<{ kid: string; publicKeyPem: string }[]>;
  keyStatusChanges(since: Date | null): Promise<KeyStatusChange[]>;
  keyStatus(keyId: string): Promise<{ refused: boolean } | null>;
}

interface DatasetRow {
  id: string;
  project_id: string;
  schema: DatasetSchema | null;
  schema_version: number;
  added_fields: AddedFields;
}

const toTarget = (row: DatasetRow | undefined): DatasetTarget | null =>
  row
    ? {
        id: Number(row.id),
        projectId: Number(row.project_id),
        schema: row.schema,
        schemaVersion: row.schema_version,
        addedFields: row.added_fields,
      }
    : null;

// A deleted dataset reads as unknown: its ingest answers 404 like any id the project does not own.
const DATASET_COLUMNS = 'SELECT id, project_id, schema, schema_version, added_fields FROM datasets';

export function createCatalogReader(db: SqlExecutor): CatalogReader {
  return {
    async dataset(id) {
      const { rows } = await db.query<DatasetRow>(`${DATASET_COLUMNS} WHERE id = $1 AND deleted_at IS NULL`, [
        id,
      ]);
      return toTarget(rows[0]);
    },
    async defaultDataset(projectId) {
      const { rows } = await db.query<DatasetRow>(
        `${DATASET_COLUMNS} WHERE project_id = $1 AND is_default AND deleted_at IS NULL`,
        [projectId],
      );
      return toTarget(rows[0]);
    },
    async projectOwner(projectId) {
      const { rows } = await db.query<{ owner_user_id: string }>(
        'SELECT owner_user_id FROM projects WHERE id = $1',
        [projectId],
      );
      return rows[0] ? Number(rows[0].owner_user_id) : null;
    },
    async activePublicKeys() {
      const { rows } = await db.query<{ kid: string; public_key: string }>(
        'SELECT kid, public_key FROM signing_keys WHERE retired_at IS NULL',
      );
      return rows.map((row) => ({ kid: row.kid, publicKeyPem: row.public_key }));
    },
    async keyStatusChanges(since) {
      const { rows } = await db.query<{ key_id: string; refused: boolean; status_changed_at: Date }>(
        `SELECT key_id, (disabled_at IS NOT NULL OR revoked_at IS NOT NULL) AS refused, status_changed_at
         FROM ingest_keys WHERE $1::timestamptz IS NULL OR status_changed_at > $1::timestamptz`,
        [since ? new Date(since.getTime() - STATUS_OVERLAP_MS).toISOString() : null],
      );
      return rows.map((row) => ({
        keyId: row.key_id,
        refused: row.refused,
        changedAt: row.status_changed_at,
      }));
    },
    async keyStatus(keyId) {
      const { rows } = await db.query<{ refused: boolean }>(
        'SELECT (disabled_at IS NOT NULL OR revoked_at IS NOT NULL) AS refused FROM ingest_keys WHERE key_id = $1',
        [keyId],
      );
      return rows[0] ?? null;
    },
  };
}
