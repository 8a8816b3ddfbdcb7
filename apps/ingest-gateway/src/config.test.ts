import { parseConfig } from '@quarry/config';
import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from './config.ts';
import { DEFAULT_HOT_DATASETS } from './datasets/partition-key.ts';

const base = {
  KAFKA_BROKERS: 'kafka:9092',
  REDIS_URL: 'redis://redis:6379',
  DATABASE_URL: 'postgres://gateway@pg:5432/quarry',
};

describe('gateway configuration of hot datasets', () => {
  it('spreads a dataset over 8 keys past 10,000 records/s per replica by default', () => {
    const config = parseConfig('ingest-gateway', gatewayConfigSchema, base);
    expect(config).toMatchObject({
      HOT_DATASET_RECORDS_PER_SECOND: DEFAULT_HOT_DATASETS.recordsPerSecond,
      HOT_DATASET_BURST_RECORDS: DEFAULT_HOT_DATASETS.burstRecords,
      HOT_DATASET_PARTITION_KEYS: 8,
      HOT_DATASET_HOLD_MS: 60_000,
      HOT_DATASET_TRACKED_MAX: 10_000,
    });
    expect(config.HOT_DATASETS_FORCED).toEqual(new Set());
  });

  it('reads the datasets an operator pins as hot, and refuses anything but ids', () => {
    const pinned = { ...base, HOT_DATASETS_FORCED: '12, 40,7' };
    expect(parseConfig('ingest-gateway', gatewayConfigSchema, pinned).HOT_DATASETS_FORCED).toEqual(
      new Set([12, 40, 7]),
    );
    const bad = { ...base, HOT_DATASETS_FORCED: 'orders' };
    expect(() => parseConfig('ingest-gateway', gatewayConfigSchema, bad)).toThrow(/HOT_DATASETS_FORCED/);
  });

  it('turns overflow off with one key and refuses none', () => {
    const off = { ...base, HOT_DATASET_PARTITION_KEYS: '1' };
    expect(parseConfig('ingest-gateway', gatewayConfigSchema, off).HOT_DATASET_PARTITION_KEYS).toBe(1);
    const none = { ...base, HOT_DATASET_PARTITION_KEYS: '0' };
    expect(() => parseConfig('ingest-gateway', gatewayConfigSchema, none)).toThrow(
      /HOT_DATASET_PARTITION_KEYS/,
    );
  });
});

describe('gateway configuration', () => {
  it('binds its port alone unless HTTP_REUSE_PORT lets several processes share it', () => {
    expect(parseConfig('ingest-gateway', gatewayConfigSchema, base).HTTP_REUSE_PORT).toBe(false);
    const sharing = { ...base, HTTP_REUSE_PORT: 'true' };
    expect(parseConfig('ingest-gateway', gatewayConfigSchema, sharing).HTTP_REUSE_PORT).toBe(true);
    const bad = { ...base, HTTP_REUSE_PORT: 'yes' };
    expect(() => parseConfig('ingest-gateway', gatewayConfigSchema, bad)).toThrow(/HTTP_REUSE_PORT/);
  });
});
