-- dataset table
CREATE TABLE `ds_13` (
  `timestamp` DateTime64(3, 'UTC'),
  `context` String,
  `__traceId` String,
  `__ingestedAt` DateTime64(3, 'UTC'),
  `__sourcePartition` UInt32,
  `__sourceOffset` UInt64,
  `__sourceIndex` UInt32,
  `country` String,
  `amount` Float64,
  `active` Bool,
  `signup_at` DateTime64(3, 'UTC')
) ENGINE = MergeTree
PARTITION BY toYYYYMM(`timestamp`)
ORDER BY (`timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)
SETTINGS non_replicated_deduplication_window = 1000;

-- dataset table with versions and retention
CREATE TABLE `ds_13` (
  `timestamp` DateTime64(3, 'UTC'),
  `context` String,
  `__traceId` String,
  `__ingestedAt` DateTime64(3, 'UTC'),
  `__sourcePartition` UInt32,
  `__sourceOffset` UInt64,
  `__sourceIndex` UInt32,
  `country` String,
  `amount` Float64,
  `active` Bool,
  `signup_at` DateTime64(3, 'UTC'),
  `coupon` Nullable(String),
  `note` String DEFAULT 'it\'s a \\ test',
  `discount` Float64 DEFAULT toFloat64(-2.5),
  `vip` Bool DEFAULT false,
  `seen_at` DateTime64(3, 'UTC') DEFAULT toDateTime64('2026-01-01 00:00:00.000', 3, 'UTC')
) ENGINE = MergeTree
PARTITION BY toYYYYMM(`timestamp`)
ORDER BY (`timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)
TTL `timestamp` + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- schema version columns
ALTER TABLE `ds_13` ADD COLUMN IF NOT EXISTS `coupon` Nullable(String), ADD COLUMN IF NOT EXISTS `note` String DEFAULT 'it\'s a \\ test', ADD COLUMN IF NOT EXISTS `discount` Float64 DEFAULT toFloat64(-2.5), ADD COLUMN IF NOT EXISTS `vip` Bool DEFAULT false, ADD COLUMN IF NOT EXISTS `seen_at` DateTime64(3, 'UTC') DEFAULT toDateTime64('2026-01-01 00:00:00.000', 3, 'UTC');

-- retention set
ALTER TABLE `ds_13` MODIFY TTL `timestamp` + INTERVAL 7 DAY;

-- retention removed
ALTER TABLE `ds_13` REMOVE TTL;

-- dataset dropped
DROP TABLE IF EXISTS `ds_13`;

-- records deleted
DELETE FROM `ds_13` WHERE `country` = {p0:String} SETTINGS lightweight_deletes_sync = 2;

-- logs table
CREATE TABLE IF NOT EXISTS `logs` (
  `project_id` UInt64,
  `timestamp` DateTime64(3, 'UTC'),
  `level` LowCardinality(String),
  `message` String,
  `metadata` String,
  `env` LowCardinality(String),
  `source` LowCardinality(String),
  `trace_id` String,
  `ingested_at` DateTime64(3, 'UTC'),
  `retention_days` UInt16,
  `__sourcePartition` UInt32,
  `__sourceOffset` UInt64,
  `__sourceIndex` UInt32
) ENGINE = MergeTree
PARTITION BY toDate(`timestamp`)
ORDER BY (`project_id`, `timestamp`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`)
TTL toDateTime(`timestamp`) + toIntervalDay(`retention_days`)
SETTINGS non_replicated_deduplication_window = 1000, ttl_only_drop_parts = 0;

-- writer bookkeeping tables
CREATE TABLE IF NOT EXISTS `quarry_offsets` (
  `table` String,
  `topic` String,
  `partition` UInt32,
  `version` UInt64,
  `first` UInt64,
  `last` UInt64,
  `done` UInt8,
  `token` String,
  `max_append_ms` UInt64,
  `written_at` DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(`version`)
ORDER BY (`table`, `topic`, `partition`);

-- writer bookkeeping tables
CREATE TABLE IF NOT EXISTS `quarry_message_ids` (
  `table` String,
  `id` String,
  `topic` String,
  `partition` UInt32,
  `offset` UInt64,
  `claimed_at` DateTime DEFAULT now()
) ENGINE = MergeTree
ORDER BY (`table`, `id`)
TTL `claimed_at` + toIntervalDay(7);
