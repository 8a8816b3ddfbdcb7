import type { ClusterTarget } from '@quarry/warehouse';
import { createTableStatements, quote, type TableSpec } from './table-ddl.ts';

/** The built-in log store: one table for every project, each row scoped by `project_id`. */
export const LOGS_TABLE = 'logs';

/**
 * Retention is per row (`retention_days`, from the project's plan at write time), enforced by the
 * table's TTL; daily partitions let expired days drop whole. Ordered for one project's time-range scans.
 */
const LOGS_TABLE_SPEC: TableSpec = {
  name: LOGS_TABLE,
  ifNotExists: true,
  columns: [
    '`project_id` UInt64',
    "`timestamp` DateTime64(3, 'UTC')",
    '`level` LowCardinality(String)',
    '`message` String',
    '`metadata` String',
    '`env` LowCardinality(String)',
    '`source` LowCardinality(String)',
    '`trace_id` String',
    "`ingested_at` DateTime64(3, 'UTC')",
    '`retention_days` UInt16',
    '`__sourcePartition` UInt32',
    '`__sourceOffset` UInt64',
    '`__sourceIndex` UInt32',
  ],
  engine: 'MergeTree',
  clauses: [
    'PARTITION BY toDate(`timestamp`)',
    'ORDER BY (`project_id`, `timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)',
    'TTL toDateTime(`timestamp`) + toIntervalDay(`retention_days`)',
  ],
  deduplicates: true,
  settings: ['ttl_only_drop_parts = 0'],
  shardingKey: quote('__sourcePartition'),
};

/** The statements that create the logs table in the warehouse's layout. */
export function logsTableStatements(cluster: ClusterTarget | undefined): string[] {
  return createTableStatements(LOGS_TABLE_SPEC, cluster);
}

/** The one-server statement (tests). */
export const LOGS_TABLE_DDL = logsTableStatements(undefined).join('\n');
