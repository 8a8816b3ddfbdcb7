import type { ClusterTarget } from '@quarry/warehouse';
import { createTableStatements, quote, type TableSpec } from './table-ddl.ts';

/**
 * The writer's ledger in the warehouse, written with the data (see docs/pipeline.md). One row per
 * step of a chunk: an intent (`done = 0`, written before the chunk's insert) and its completion
 * (`done = 1`). The newest row per (table, topic, partition) is the state: everything up to `last`
 * is stored when done, and an open intent names the exact chunk and token a successor must repeat.
 * `version` only grows per key, so a late write from a writer that lost the partition cannot win.
 */
export const OFFSETS_TABLE = 'quarry_offsets';

// Sharded by the bus partition like the rows it accounts for: a partition's ledger and its rows live
// on one shard (docs/pipeline.md, "Cluster mode").
const OFFSETS_TABLE_SPEC: TableSpec = {
  name: OFFSETS_TABLE,
  ifNotExists: true,
  columns: [
    '`table` String',
    '`topic` String',
    '`partition` UInt32',
    '`version` UInt64',
    '`first` UInt64',
    '`last` UInt64',
    '`done` UInt8',
    '`token` String',
    '`max_append_ms` UInt64',
    "`written_at` DateTime64(3, 'UTC') DEFAULT now64(3)",
  ],
  engine: 'ReplacingMergeTree',
  version: 'version',
  clauses: ['ORDER BY (`table`, `topic`, `partition`)'],
  deduplicates: false,
  settings: [],
  shardingKey: quote('partition'),
};

export const OFFSETS_TABLE_DDL = createTableStatements(OFFSETS_TABLE_SPEC, undefined).join('\n');

/**
 * Which message stored a request that carries an identity of its own (an Idempotency-Key, a dead
 * letter's provenance): a copy at another offset is skipped. Looked up by primary key; kept 7 days.
 */
export const MESSAGE_IDS_TABLE = 'quarry_message_ids';

export const MESSAGE_IDS_TTL_DAYS = 7;

const MESSAGE_IDS_TABLE_SPEC: TableSpec = {
  name: MESSAGE_IDS_TABLE,
  ifNotExists: true,
  columns: [
    '`table` String',
    '`id` String',
    '`topic` String',
    '`partition` UInt32',
    '`offset` UInt64',
    '`claimed_at` DateTime DEFAULT now()',
  ],
  engine: 'MergeTree',
  clauses: ['ORDER BY (`table`, `id`)', `TTL \`claimed_at\` + toIntervalDay(${MESSAGE_IDS_TTL_DAYS})`],
  deduplicates: false,
  settings: [],
  shardingKey: quote('partition'),
};

export const MESSAGE_IDS_TABLE_DDL = createTableStatements(MESSAGE_IDS_TABLE_SPEC, undefined).join('\n');

/** The writer's own tables (its ledger and message ids), in the warehouse's layout. */
export function bookkeepingTableStatements(cluster: ClusterTarget | undefined): string[] {
  return [OFFSETS_TABLE_SPEC, MESSAGE_IDS_TABLE_SPEC].flatMap((spec) => createTableStatements(spec, cluster));
}

/**
 * A message's own identity, independent of its offset: the gateway sets it from the Idempotency-Key
 * (so an outcome-unknown attempt and its retry store once) and a replay from the dead letter's source.
 */
export const MESSAGE_ID_HEADER = 'quarry-message-id';
