import { parseConfig } from '@quarry/config';
import { describe, expect, it } from 'vitest';
import { writerConfigSchema } from './config.ts';

const base = {
  KAFKA_BROKERS: 'kafka:9092',
  CLICKHOUSE_URL: 'http://clickhouse:8123',
  DATABASE_URL: 'postgres://writer@pg:5432/quarry',
  DESTINATION_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('writer configuration', () => {
  it('needs the catalog: log plans, destinations and the delivery outbox live there', () => {
    const { DATABASE_URL: _, ...withoutCatalog } = base;
    expect(() => parseConfig('writer', writerConfigSchema, withoutCatalog)).toThrow(/DATABASE_URL/);
    const config = parseConfig('writer', writerConfigSchema, base);
    expect(config).toMatchObject({
      DELIVERY_CONCURRENCY: 32,
      DELIVERY_MAX_ATTEMPTS: 10,
      DELIVERY_TIMEOUT_MS: 10_000,
      PROJECT_REFRESH_MS: 10_000,
    });
    expect(() => parseConfig('writer', writerConfigSchema, { ...base, PROJECT_REFRESH_MS: '0' })).toThrow(
      /PROJECT_REFRESH_MS/,
    );
  });

  it('refuses destinations every non-public range unless DESTINATION_ALLOWED_CIDRS lists it', () => {
    expect(parseConfig('writer', writerConfigSchema, base).DESTINATION_ALLOWED_CIDRS).toEqual([]);
    const allowing = { ...base, DESTINATION_ALLOWED_CIDRS: '10.20.0.0/16, fd00::/8' };
    expect(parseConfig('writer', writerConfigSchema, allowing).DESTINATION_ALLOWED_CIDRS).toEqual([
      '10.20.0.0/16',
      'fd00::/8',
    ]);
    const bad = { ...base, DESTINATION_ALLOWED_CIDRS: '10.0.0.1' };
    expect(() => parseConfig('writer', writerConfigSchema, bad)).toThrow(
      /DESTINATION_ALLOWED_CIDRS: must be/,
    );
  });

  it('needs the destination key the control API seals destinations with', () => {
    const { DESTINATION_ENCRYPTION_KEY: _, ...withoutKey } = base;
    expect(() => parseConfig('writer', writerConfigSchema, withoutKey)).toThrow(/DESTINATION_ENCRYPTION_KEY/);
    const short = { ...base, DESTINATION_ENCRYPTION_KEY: 'c2hvcnQ=' };
    expect(() => parseConfig('writer', writerConfigSchema, short)).toThrow(/must be 32 bytes/);
  });

  it('reads PLANS_JSON like the control API and refuses a retention the logs table cannot hold', () => {
    const plan = { datasets: 10, datasetRecordsPerMonth: -1, logsPerMonth: 10_000, logRetentionDays: 14 };
    const config = parseConfig('writer', writerConfigSchema, {
      ...base,
      PLANS_JSON: JSON.stringify({ free: plan }),
    });
    expect(config.PLANS_JSON).toEqual({ free: plan });
    const tooLong = JSON.stringify({ free: { ...plan, logRetentionDays: 70_000 } });
    expect(() => parseConfig('writer', writerConfigSchema, { ...base, PLANS_JSON: tooLong })).toThrow(
      /PLANS_JSON/,
    );
    expect(() => parseConfig('writer', writerConfigSchema, { ...base, PLANS_JSON: '{nope' })).toThrow(
      /PLANS_JSON: must be JSON/,
    );
  });
});

describe('writer configuration in ClickHouse cluster mode', () => {
  it('takes CLICKHOUSE_CLUSTER only with a ClickHouse server, and only a plain cluster name', () => {
    expect(
      parseConfig('writer', writerConfigSchema, { ...base, CLICKHOUSE_CLUSTER: 'quarry' }).CLICKHOUSE_CLUSTER,
    ).toBe('quarry');
    const { CLICKHOUSE_URL: _, ...embedded } = base;
    expect(() =>
      parseConfig('writer', writerConfigSchema, {
        ...embedded,
        WAREHOUSE_DATA_DIR: '/tmp/w',
        CLICKHOUSE_CLUSTER: 'quarry',
      }),
    ).toThrow(/CLICKHOUSE_CLUSTER/);
    expect(() => parseConfig('writer', writerConfigSchema, { ...base, CLICKHOUSE_CLUSTER: "q' --" })).toThrow(
      /CLICKHOUSE_CLUSTER/,
    );
  });
});
