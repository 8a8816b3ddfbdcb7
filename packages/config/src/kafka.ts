import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { env } from './fields.ts';

const pemFile = () => z.string().min(1).optional();

/**
 * How the services reach a secured Kafka: TLS (the system's trust store, or a CA file; a client
 * certificate for mutual TLS) and SASL/SCRAM. Spread into a service's schema; refined by kafkaSecurityChecks.
 */
export const kafkaSecurityFields = {
  KAFKA_TLS: env.boolean(false),
  KAFKA_TLS_CA_FILE: pemFile(),
  KAFKA_TLS_CERT_FILE: pemFile(),
  KAFKA_TLS_KEY_FILE: pemFile(),
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

/** Replication of the topics `quarry topics create` makes: production defaults, 1 and 1 on a single broker. */
export const kafkaTopicFields = {
  KAFKA_REPLICATION_FACTOR: env.positiveInt(3),
  KAFKA_MIN_INSYNC_REPLICAS: env.positiveInt(2),
};

type SecurityEnv = z.output<z.ZodObject<typeof kafkaSecurityFields>>;
type TopicEnv = z.output<z.ZodObject<typeof kafkaTopicFields>>;

/** Cross-field rules, as zod issues on the offending variable (use in a schema's superRefine). */
export function kafkaSecurityChecks(value: Partial<SecurityEnv & TopicEnv>, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (value.KAFKA_SASL_MECHANISM && !(value.KAFKA_SASL_USERNAME && value.KAFKA_SASL_PASSWORD)) {
    issue('KAFKA_SASL_USERNAME', 'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  }
  if (!value.KAFKA_SASL_MECHANISM && (value.KAFKA_SASL_USERNAME || value.KAFKA_SASL_PASSWORD)) {
    issue('KAFKA_SASL_MECHANISM', 'set to scram-sha-256 or scram-sha-512 when a SASL user is given');
  }
  if (Boolean(value.KAFKA_TLS_CERT_FILE) !== Boolean(value.KAFKA_TLS_KEY_FILE)) {
    issue('KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together (mutual TLS)');
  }
  const { KAFKA_REPLICATION_FACTOR: replicas, KAFKA_MIN_INSYNC_REPLICAS: insync } = value;
  if (replicas !== undefined && insync !== undefined && insync > replicas) {
    issue('KAFKA_MIN_INSYNC_REPLICAS', `must not exceed KAFKA_REPLICATION_FACTOR (${replicas})`);
  }
}

export interface KafkaSecurityConfig {
  tls?: true | { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
}

/** The bus' TLS and SASL options from parsed variables; PEM files are read here, at boot. */
export function kafkaSecurityFromEnv(parsed: SecurityEnv): KafkaSecurityConfig {
  const security: KafkaSecurityConfig = {};
  const files = {
    ca: parsed.KAFKA_TLS_CA_FILE,
    cert: parsed.KAFKA_TLS_CERT_FILE,
    key: parsed.KAFKA_TLS_KEY_FILE,
  };
  const pems = Object.fromEntries(
    Object.entries(files).flatMap(([name, path]) => (path ? [[name, readFileSync(path, 'utf8')]] : [])),
  );
  if (Object.keys(pems).length > 0) security.tls = pems;
  else if (parsed.KAFKA_TLS) security.tls = true;
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = parsed;
  if (mechanism && username && password) {
    security.sasl = {
      mechanism: mechanism === 'scram-sha-256' ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512',
      username,
      password,
    };
  }
  return security;
}

export function kafkaTopicsFromEnv(parsed: TopicEnv): {
  replicationFactor: number;
  minInsyncReplicas: number;
} {
  return {
    replicationFactor: parsed.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: parsed.KAFKA_MIN_INSYNC_REPLICAS,
  };
}
