import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig } from '@quarry/config';
import { describe, expect, it } from 'vitest';
import { controlConfigSchema } from './config.ts';

const valid = {
  DATABASE_URL: 'postgres://quarry:db-password@db/quarry',
  REDIS_URL: 'redis://:redis-password@redis:6379',
  CLICKHOUSE_URL: 'http://clickhouse:8123',
  KAFKA_BROKERS: 'kafka:9092',
  SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  DESTINATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('control API configuration', () => {
  it('reads PLANS_JSON at boot and refuses a dataset retention bound no table could hold', () => {
    const plan = { datasets: 5, datasetRecordsPerMonth: -1, logsPerMonth: -1, logRetentionDays: 7 };
    const read = (plans: unknown) =>
      parseConfig('control-api', controlConfigSchema, { ...valid, PLANS_JSON: JSON.stringify(plans) });
    expect(read({ free: { ...plan, datasetRetentionDays: 90 } }).PLANS_JSON).toEqual({
      free: { ...plan, datasetRetentionDays: 90 },
    });
    expect(read({ free: plan }).PLANS_JSON).toEqual({ free: plan });
    expect(() => read({ free: { ...plan, datasetRetentionDays: '90' } })).toThrow(/PLANS_JSON/);
    expect(() => read({ free: { ...plan, datasetRetentionDays: 0 } })).toThrow(/PLANS_JSON/);
    expect(() => read({ free: { datasets: 5 } })).toThrow(/PLANS_JSON/);
  });

  it('refuses a signing-key encryption key of the wrong size without quoting it', () => {
    const key = randomBytes(24).toString('base64');
    const attempt = () =>
      parseConfig('control-api', controlConfigSchema, { ...valid, SIGNING_KEY_ENCRYPTION_KEY: key });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SIGNING_KEY_ENCRYPTION_KEY: must be 32 bytes/);
    expect(attempt).toThrow(expect.objectContaining({ message: expect.not.stringContaining(key) }));
  });

  it('needs the destination key (shared with the writer) without quoting a wrong one', () => {
    const { DESTINATION_ENCRYPTION_KEY: _, ...withoutKey } = valid;
    expect(() => parseConfig('control-api', controlConfigSchema, withoutKey)).toThrow(
      /DESTINATION_ENCRYPTION_KEY/,
    );
    const key = randomBytes(16).toString('base64');
    const attempt = () =>
      parseConfig('control-api', controlConfigSchema, { ...valid, DESTINATION_ENCRYPTION_KEY: key });
    expect(attempt).toThrow(/DESTINATION_ENCRYPTION_KEY: must be 32 bytes/);
    expect(attempt).toThrow(expect.objectContaining({ message: expect.not.stringContaining(key) }));
  });

  it('refuses URLs of the wrong kind without quoting the passwords in them', () => {
    const attempt = () =>
      parseConfig('control-api', controlConfigSchema, {
        ...valid,
        DATABASE_URL: 'mysql://quarry:db-secret@db/quarry',
        REDIS_URL: 'memcached://:redis-secret@redis:6379',
      });
    expect(attempt).toThrow(/DATABASE_URL[\s\S]*REDIS_URL/);
    expect(attempt).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/db-secret|redis-secret/) }),
    );
  });

  it('takes exactly one warehouse: a ClickHouse server or a chDB directory', () => {
    const { CLICKHOUSE_URL: _server, ...withoutServer } = valid;
    const embedded = parseConfig('control-api', controlConfigSchema, {
      ...withoutServer,
      WAREHOUSE_DATA_DIR: '/var/lib/quarry/warehouse',
    });
    expect(embedded.WAREHOUSE_DATA_DIR).toBe('/var/lib/quarry/warehouse');
    for (const env of [withoutServer, { ...valid, WAREHOUSE_DATA_DIR: '/tmp/wh' }]) {
      expect(() => parseConfig('control-api', controlConfigSchema, env)).toThrow(
        /set exactly one of CLICKHOUSE_URL and WAREHOUSE_DATA_DIR/,
      );
    }
  });
});
