import type { DatasetSchema, FieldType } from '@quarry/schema';

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
function quote(identifier: string): string {
  return `\`${identifier.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/** DDL for a dataset's own table: typed columns, monthly partitions, ordered for time-range scans. */
export function datasetTableDdl(datasetId: number, schema: DatasetSchema): string {
  const columns = [
    ...Object.entries(DATASET_SYSTEM_COLUMNS).map(([name, type]) => `${quote(name)} ${type}`),
    ...Object.entries(schema.fields).map(([name, type]) => `${quote(name)} ${COLUMN_TYPES[type]}`),
  ];
  return [
    `CREATE TABLE ${quote(datasetTableName(datasetId))} (`,
    `  ${columns.join(',\n  ')}`,
    ') ENGINE = MergeTree',
    'PARTITION BY toYYYYMM(`timestamp`)',
    'ORDER BY (`timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)',
    'SETTINGS non_replicated_deduplication_window = 1000',
  ].join('\n');
}
