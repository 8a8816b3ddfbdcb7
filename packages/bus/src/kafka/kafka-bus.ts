import type { Bus, Consumer, Producer } from '../types.ts';
import { clientOptions, type KafkaSecurity } from './client-options.ts';
import { createKafkaAdmin, type TopicDurability } from './kafka-admin.ts';
import { createKafkaConsumer } from './kafka-consumer.ts';
import { createKafkaProducer } from './kafka-producer.ts';

export interface KafkaBusConfig extends KafkaSecurity {
  kind: 'kafka';
  brokers: string[];
  clientId: string;
  connectionTimeoutMs?: number;
  /** bounds one request; with `retries` it bounds how long a send to a dead broker takes to fail */
  requestTimeoutMs?: number;
  retries?: number;
  /** how consumers fetch: the broker answers once minBytes are there or maxWaitMs passed (stop() waits that long) */
  fetch?: { minBytes?: number; maxBytes?: number; maxWaitMs?: number };
  pingTimeoutMs?: number;
  /** how long the group waits for a silent member (e.g. a killed writer) before reassigning its partitions */
  sessionTimeoutMs?: number;
  /** receives the clients' failures (a send that failed, a fetch or a batch retried); dropped when omitted */
  log?: (entry: KafkaLogEntry) => void;
  /** the least severe entry passed to `log` (default warn) */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** replication and min.insync.replicas of the topics ensureTopics creates (the broker's defaults when unset) */
  topics?: TopicDurability;
}

export interface KafkaLogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  namespace: string;
  message: string;
  extra: Record<string, unknown>;
}

const SEVERITY = { error: 3, warn: 2, info: 1, debug: 0 };

export function createKafkaBus(config: KafkaBusConfig): Bus {
  const threshold = SEVERITY[config.logLevel ?? 'warn'];
  const sink = config.log;
  const log =
    sink &&
    ((entry: KafkaLogEntry) => {
      if (SEVERITY[entry.level] >= threshold) sink(entry);
    });
  const options = clientOptions(config);
  const admin = createKafkaAdmin(options, config.pingTimeoutMs ?? 2_000, config.topics);
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();
  const tuning = {
    minBytes: config.fetch?.minBytes ?? 1,
    maxBytes: config.fetch?.maxBytes ?? 10 * 1024 * 1024,
    maxWaitTimeMs: config.fetch?.maxWaitMs ?? 1_000,
    sessionTimeoutMs: config.sessionTimeoutMs ?? 30_000,
  };

  return {
    admin,
    producer() {
      const producer = createKafkaProducer(options, log);
      producers.add(producer);
      return producer;
    },
    consumer() {
      const consumer = createKafkaConsumer(options, tuning, log);
      consumers.add(consumer);
      return consumer;
    },
    async close() {
      await Promise.allSettled([...consumers].map((consumer) => consumer.stop()));
      await Promise.allSettled([...producers].map((producer) => producer.close()));
      await admin.close();
    },
  };
}
