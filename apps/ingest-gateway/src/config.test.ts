import { parseConfig } from '@quarry/config';
import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from './config.ts';

const base = {
  KAFKA_BROKERS: 'kafka:9092',
  REDIS_URL: 'redis://redis:6379',
  DATABASE_URL: 'postgres://gateway@pg:5432/quarry',
};

describe('gateway configuration', () => {
  it('binds its port alone unless HTTP_REUSE_PORT lets several processes share it', () => {
    expect(parseConfig('ingest-gateway', gatewayConfigSchema, base).HTTP_REUSE_PORT).toBe(false);
    const sharing = { ...base, HTTP_REUSE_PORT: 'true' };
    expect(parseConfig('ingest-gateway', gatewayConfigSchema, sharing).HTTP_REUSE_PORT).toBe(true);
    const bad = { ...base, HTTP_REUSE_PORT: 'yes' };
    expect(() => parseConfig('ingest-gateway', gatewayConfigSchema, bad)).toThrow(/HTTP_REUSE_PORT/);
  });
});
