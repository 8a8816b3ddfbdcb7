/**
 * The writer's ledger in the warehouse, written with the data (see docs/pipeline.md). One row per
 * step of a chunk: an intent (`done = 0`, written before the chunk's insert) and its completion
 * (`done = 1`). The newest row per (table, topic, partition) is the state: everything up to `last`
 * is stored when done, and an open intent names the exact chunk and token a successor must repeat.
 * `version` only grows per key, so a late write from a writer that lost the partition cannot win.
 */
export const OFFSETS_TABLE = 'quarry_offsets';

export const OFFSETS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS \`${OFFSETS_TABLE}\` (
  \`table\` String,
  \`topic\` String,
  \`partition\` UInt32,
  \`version\` UInt64,
  \`first\` UInt64,
  \`last\` UInt64,
  \`done\` UInt8,
  \`token\` String,
  \`max_append_ms\` UInt64,
  \`written_at\` DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(\`version\`)
ORDER BY (\`table\`, \`topic\`, \`partition\`)`;

/**
 * Which message stored a request that carries an identity of its own (an Idempotency-Key, a dead
 * letter's provenance): a copy at another offset is skipped. Looked up by primary key; kept 7 days.
 */
export const MESSAGE_IDS_TABLE = 'quarry_message_ids';

export const MESSAGE_IDS_TTL_DAYS = 7;

export const MESSAGE_IDS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS \`${MESSAGE_IDS_TABLE}\` (
  \`table\` String,
  \`id\` String,
  \`topic\` String,
  \`partition\` UInt32,
  \`offset\` UInt64,
  \`claimed_at\` DateTime DEFAULT now()
) ENGINE = MergeTree
ORDER BY (\`table\`, \`id\`)
TTL \`claimed_at\` + toIntervalDay(${MESSAGE_IDS_TTL_DAYS})`;

/**
 * A message's own identity, independent of its offset: the gateway sets it from the Idempotency-Key
 * (so an outcome-unknown attempt and its retry store once) and a replay from the dead letter's source.
 */
export const MESSAGE_ID_HEADER = 'quarry-message-id';
