import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  kafkaSecurityChecks,
  kafkaSecurityFields,
  kafkaSecurityFromEnv,
  kafkaTopicFields,
  kafkaTopicsFromEnv,
  parseConfig,
} from './index.ts';

const schema = z.object({ ...kafkaSecurityFields, ...kafkaTopicFields }).superRefine(kafkaSecurityChecks);
const parse = (vars: Record<string, string>) => parseConfig('svc', schema, vars);

describe('Kafka security and topic durability from the environment', () => {
  it('defaults to plaintext without SASL, and topics replicated 3 times with 2 in sync', () => {
    const config = parse({});
    expect(kafkaSecurityFromEnv(config)).toEqual({});
    expect(kafkaTopicsFromEnv(config)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('turns on TLS with the system trust store, or with the PEM files given', () => {
    expect(kafkaSecurityFromEnv(parse({ KAFKA_TLS: 'true' }))).toEqual({ tls: true });
    const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    for (const name of ['ca', 'cert', 'key']) writeFileSync(join(dir, `${name}.pem`), `${name} pem`);
    const config = parse({
      KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_TLS_CERT_FILE: join(dir, 'cert.pem'),
      KAFKA_TLS_KEY_FILE: join(dir, 'key.pem'),
    });
    expect(kafkaSecurityFromEnv(config)).toEqual({ tls: { ca: 'ca pem', cert: 'cert pem', key: 'key pem' } });
  });

  it('gives SCRAM credentials to the bus', () => {
    const config = parse({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });
    expect(kafkaSecurityFromEnv(config).sasl).toEqual({
      mechanism: 'SCRAM-SHA-512',
      username: 'u',
      password: 'p',
    });
  });

  it('refuses half a configuration, naming the variable', () => {
    expect(() => parse({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(/KAFKA_SASL_USERNAME/);
    expect(() => parse({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(
      /KAFKA_SASL_MECHANISM/,
    );
    expect(() => parse({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_MECHANISM/);
    expect(() => parse({ KAFKA_TLS_CERT_FILE: '/c.pem' })).toThrow(/KAFKA_TLS_CERT_FILE/);
    expect(() => parse({ KAFKA_REPLICATION_FACTOR: '1' })).toThrow(
      /KAFKA_MIN_INSYNC_REPLICAS: must not exceed/,
    );
  });
});
