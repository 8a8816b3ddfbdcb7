import { createBus } from '@quarry/bus';
import { createCatalog } from '@quarry/catalog';
import {
  env,
  kafkaSecurityChecks,
  kafkaSecurityFields,
  kafkaSecurityFromEnv,
  kafkaTopicFields,
  kafkaTopicsFromEnv,
  parseConfig,
} from '@quarry/config';
import { catalogDb, createKeyring, parseEncryptionKey } from '@quarry/control-plane';
import { createCounters } from '@quarry/counters';
import { DEFAULT_PARTITIONS, topicNames } from '@quarry/pipeline';
import { z } from 'zod';

// Each command reads only the variables it needs, so a Job gets only the secrets its command uses.
const fields = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss']),
  KAFKA_BROKERS: env.brokers(),
  KAFKA_TOPIC_NAMESPACE: z.string().default('quarry'),
  SIGNING_KEY_ENCRYPTION_KEY: z.string().min(1),
  // Partitions bound how many writers share a topic's load; see docs/scaling.md for how many to make.
  KAFKA_DATASET_PARTITIONS: env.positiveInt(DEFAULT_PARTITIONS.datasets),
  KAFKA_LOG_PARTITIONS: env.positiveInt(DEFAULT_PARTITIONS.logs),
};
type Field = keyof typeof fields;

function read<K extends Field>(keys: K[]): { [P in K]: z.output<(typeof fields)[P]> } {
  const shape = Object.fromEntries(keys.map((key) => [key, fields[key]]));
  return parseConfig('quarry', z.object(shape)) as { [P in K]: z.output<(typeof fields)[P]> };
}

/** Opened on demand and closed by `closeAll`, so a command touches only the backends it uses. */
const closers: (() => Promise<unknown>)[] = [];

export async function openCatalog() {
  const { DATABASE_URL } = read(['DATABASE_URL']);
  const catalog = await createCatalog({ kind: 'postgres', url: DATABASE_URL });
  closers.push(() => catalog.close());
  return catalog;
}

export async function openDb() {
  return catalogDb(await openCatalog());
}

export function openCounters() {
  const { REDIS_URL } = read(['REDIS_URL']);
  const counters = createCounters({ kind: 'redis', url: REDIS_URL });
  closers.push(() => counters.close());
  return counters;
}

/**
 * The topics this opens are created with KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS, and
 * KAFKA_DATASET_PARTITIONS and KAFKA_LOG_PARTITIONS partitions.
 */
export async function openBus() {
  const { KAFKA_BROKERS, KAFKA_TOPIC_NAMESPACE, KAFKA_DATASET_PARTITIONS, KAFKA_LOG_PARTITIONS } = read([
    'KAFKA_BROKERS',
    'KAFKA_TOPIC_NAMESPACE',
    'KAFKA_DATASET_PARTITIONS',
    'KAFKA_LOG_PARTITIONS',
  ]);
  const kafka = parseConfig(
    'quarry',
    z.object({ ...kafkaSecurityFields, ...kafkaTopicFields }).superRefine(kafkaSecurityChecks),
  );
  const bus = await createBus({
    kind: 'kafka',
    brokers: KAFKA_BROKERS,
    clientId: 'quarry-cli',
    ...kafkaSecurityFromEnv(kafka),
    topics: kafkaTopicsFromEnv(kafka),
  });
  closers.push(() => bus.close());
  const partitions = { datasets: KAFKA_DATASET_PARTITIONS, logs: KAFKA_LOG_PARTITIONS };
  return { bus, topics: topicNames(KAFKA_TOPIC_NAMESPACE), partitions };
}

export async function openKeyring() {
  const { SIGNING_KEY_ENCRYPTION_KEY } = read(['SIGNING_KEY_ENCRYPTION_KEY']);
  return createKeyring(await openDb(), parseEncryptionKey(SIGNING_KEY_ENCRYPTION_KEY));
}

export async function closeAll(): Promise<void> {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
}
