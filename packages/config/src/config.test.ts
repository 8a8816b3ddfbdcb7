import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, parseConfig } from './index.ts';

const schema = z.object({
  PORT: env.port(8080),
  KAFKA_BROKERS: env.brokers(),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  DEBUG: env.boolean(false),
});

describe('parseConfig', () => {
  it('gives typed values and defaults', () => {
    const config = parseConfig('svc', schema, {
      KAFKA_BROKERS: 'a:9092, b:9093',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config).toEqual({
      PORT: 8080,
      KAFKA_BROKERS: ['a:9092', 'b:9093'],
      DATABASE_URL: 'postgres://u@h/db',
      DEBUG: false,
    });
  });

  it('lists every bad variable in one error', () => {
    const attempt = () =>
      parseConfig('svc', schema, { PORT: 'eighty', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'http://x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/KAFKA_BROKERS/);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres or postgresql URL/);
  });

  it('names a bad variable without quoting its value, which may be a secret', () => {
    const secrets = {
      PORT: 'port-secret-1',
      KAFKA_BROKERS: 'kafka-secret-2',
      DATABASE_URL: 'mysql://u:db-secret-3@h/db',
    };
    const attempt = () => parseConfig('svc', schema, secrets);
    expect(attempt).toThrow(/PORT[\s\S]*KAFKA_BROKERS[\s\S]*DATABASE_URL/);
    expect(attempt).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/secret-\d/) }));
  });
});
