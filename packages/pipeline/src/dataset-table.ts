import type { AddedDefault, AddedField, AddedFields, DatasetSchema, FieldType } from '@quarry/schema';

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

/** Field names were validated at registration ([A-Za-z_][A-Za-z0-9_]*); quoting is a second guard. */
export function quote(identifier: string): string {
  return `\`${identifier.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/**
 * DDL for a dataset's own table: typed columns, monthly partitions, ordered for time-range scans, and
 * the dataset's retention as a TTL on the record's `timestamp` when it has one.
 */
export function datasetTableDdl(
  datasetId: number,
  schema: DatasetSchema,
  options: { added?: AddedFields; retentionDays?: number | null } = {},
): string {
  const columns = [
    ...Object.entries(DATASET_SYSTEM_COLUMNS).map(([name, type]) => `${quote(name)} ${type}`),
    ...Object.entries(schema.fields).map(([name, type]) => `${quote(name)} ${COLUMN_TYPES[type]}`),
    ...Object.entries(options.added ?? {}).map(([name, field]) => addedColumn(name, field)),
  ];
  return [
    `CREATE TABLE ${quote(datasetTableName(datasetId))} (`,
    `  ${columns.join(',\n  ')}`,
    ') ENGINE = MergeTree',
    'PARTITION BY toYYYYMM(`timestamp`)',
    'ORDER BY (`timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)',
    ...(options.retentionDays ? [retentionTtl(options.retentionDays)] : []),
    'SETTINGS non_replicated_deduplication_window = 1000',
  ].join('\n');
}

/** The statements that add a schema version's fields to an existing table; old rows read the default. */
export function addColumnsDdl(datasetId: number, added: AddedFields): string {
  const clauses = Object.entries(added).map(
    ([name, field]) => `ADD COLUMN IF NOT EXISTS ${addedColumn(name, field)}`,
  );
  return `ALTER TABLE ${quote(datasetTableName(datasetId))} ${clauses.join(', ')}`;
}

/** Sets (a number of days) or removes (null) the table's retention. */
export function retentionDdl(datasetId: number, days: number | null): string {
  const table = quote(datasetTableName(datasetId));
  return days === null
    ? `ALTER TABLE ${table} REMOVE TTL`
    : `ALTER TABLE ${table} MODIFY ${retentionTtl(days)}`;
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
