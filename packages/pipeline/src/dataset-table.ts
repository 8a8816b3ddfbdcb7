import type { AddedDefault, AddedField, AddedFields, DatasetSchema, FieldType } from '@quarry/schema';
import type { ClusterTarget } from '@quarry/warehouse';
import {
  createTableStatements,
  dropTableStatements,
  localTableName,
  onCluster,
  quote,
  type TableSpec,
} from './table-ddl.ts';

const COLUMN_TYPES: Record<FieldType, string> = {
  string: 'String',
  number: 'Float64',
  boolean: 'Bool',
  timestamp: "DateTime64(3, 'UTC')",
};

/**
 * Columns every dataset table has besides the declared fields. `__sourcePartition`/`__sourceOffset`
 * name the bus message a row came from: a record's identity (log event ids, audits); the writer's
 * exactly-once bookkeeping is its offsets ledger (see packages/pipeline/src/ledger.ts).
 */
export const DATASET_SYSTEM_COLUMNS = {
  timestamp: "DateTime64(3, 'UTC')",
  context: 'String',
  __traceId: 'String',
  __ingestedAt: "DateTime64(3, 'UTC')",
  __sourcePartition: 'UInt32',
  __sourceOffset: 'UInt64',
  __sourceIndex: 'UInt32',
} as const;

/** The table name comes from the numeric dataset id only, never from request text. */
export function datasetTableName(datasetId: number): string {
  if (!Number.isSafeInteger(datasetId) || datasetId <= 0) throw new Error(`invalid dataset id ${datasetId}`);
  return `ds_${datasetId}`;
}

interface TableOptions {
  added?: AddedFields;
  retentionDays?: number | null;
}

/**
 * A dataset's own table: typed columns, monthly partitions, ordered for time-range scans, and the
 * dataset's retention as a TTL on the record's `timestamp` when it has one.
 */
function datasetTableSpec(datasetId: number, schema: DatasetSchema, options: TableOptions): TableSpec {
  return {
    name: datasetTableName(datasetId),
    ifNotExists: false,
    columns: [
      ...Object.entries(DATASET_SYSTEM_COLUMNS).map(([name, type]) => `${quote(name)} ${type}`),
      ...Object.entries(schema.fields).map(([name, type]) => `${quote(name)} ${COLUMN_TYPES[type]}`),
      ...Object.entries(options.added ?? {}).map(([name, field]) => addedColumn(name, field)),
    ],
    engine: 'MergeTree',
    clauses: [
      'PARTITION BY toYYYYMM(`timestamp`)',
      'ORDER BY (`timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)',
      ...(options.retentionDays ? [retentionTtl(options.retentionDays)] : []),
    ],
    deduplicates: true,
    settings: [],
    shardingKey: quote('__sourcePartition'),
  };
}

/** The statements that create a dataset's table in the warehouse's layout (one, or two on a cluster). */
export function datasetTableStatements(
  datasetId: number,
  schema: DatasetSchema,
  options: TableOptions,
  cluster: ClusterTarget | undefined,
): string[] {
  return createTableStatements(datasetTableSpec(datasetId, schema, options), cluster);
}

/** The one statement that creates a dataset's table on a single server (tests, benches). */
export function datasetTableDdl(
  datasetId: number,
  schema: DatasetSchema,
  options: TableOptions = {},
): string {
  return datasetTableStatements(datasetId, schema, options, undefined).join('\n');
}

/** Drops a dataset's table (and on a cluster its replicas' local tables). */
export function dropDatasetTableStatements(datasetId: number, cluster?: ClusterTarget): string[] {
  return dropTableStatements(datasetTableName(datasetId), cluster);
}

/**
 * The statements that add a schema version's fields to an existing table; old rows read the default.
 * On a cluster the local tables first, then the Distributed one, which never names a missing column.
 */
export function addColumnsStatements(
  datasetId: number,
  added: AddedFields,
  cluster: ClusterTarget | undefined,
): string[] {
  const clauses = Object.entries(added)
    .map(([name, field]) => `ADD COLUMN IF NOT EXISTS ${addedColumn(name, field)}`)
    .join(', ');
  const name = datasetTableName(datasetId);
  const tables = cluster ? [localTableName(name, cluster), name] : [name];
  return tables.map((table) => `ALTER TABLE ${quote(table)}${onCluster(cluster)} ${clauses}`);
}

/** The one-server form of addColumnsStatements. */
export function addColumnsDdl(datasetId: number, added: AddedFields): string {
  return addColumnsStatements(datasetId, added, undefined).join('\n');
}

/** Sets (a number of days) or removes (null) the table's retention: a TTL of the (local) table. */
export function retentionDdl(datasetId: number, days: number | null, cluster?: ClusterTarget): string {
  const table = `${quote(localTableName(datasetTableName(datasetId), cluster))}${onCluster(cluster)}`;
  return days === null
    ? `ALTER TABLE ${table} REMOVE TTL`
    : `ALTER TABLE ${table} MODIFY ${retentionTtl(days)}`;
}

/**
 * A lightweight delete of the rows `where` selects, answered once they are gone. A Distributed table
 * takes no DELETE: on a cluster it runs on the local tables, once per shard (they are replicated).
 */
export function deleteRecordsSql(datasetId: number, where: string, cluster?: ClusterTarget): string {
  const table = `${quote(localTableName(datasetTableName(datasetId), cluster))}${onCluster(cluster)}`;
  return `DELETE FROM ${table} WHERE ${where} SETTINGS lightweight_deletes_sync = 2`;
}

// On the DateTime64 itself: toDateTime() would wrap years past 2106 and expire them at once.
function retentionTtl(days: number): string {
  if (!Number.isSafeInteger(days) || days <= 0) throw new Error(`invalid retention ${days}`);
  return `TTL \`timestamp\` + INTERVAL ${days} DAY`;
}

/** A nullable column when the field has no default, else the typed column with the default as a literal. */
function addedColumn(name: string, field: AddedField): string {
  const type = COLUMN_TYPES[field.type];
  if (field.default === null) return `${quote(name)} Nullable(${type})`;
  return `${quote(name)} ${type} DEFAULT ${defaultLiteral(field.type, field.default)}`;
}

/**
 * DDL takes no query parameters, so a default is rendered here from a value the schema package has
 * already checked against its type: numbers finite, timestamps normalized, strings escaped.
 */
function defaultLiteral(type: FieldType, value: Exclude<AddedDefault, null>): string {
  if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) return `toFloat64(${value})`;
  if (type === 'boolean' && typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string') throw new Error(`default of the wrong type for a ${type} field`);
  const text = `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return type === 'timestamp' ? `toDateTime64(${text}, 3, 'UTC')` : text;
}
