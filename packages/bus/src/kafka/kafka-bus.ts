import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import type { Bus, Consumer, Producer } from '../types.ts';
import { clientOptions, type KafkaSecurity } from './client-options.ts';
import { createKafkaAdmin, type TopicDurability } from './kafka-admin.ts';
import { createKafkaConsumer } from './kafka-consumer.ts';
import { createKafkaProducer } from './kafka-producer.ts';
import { quietKafkajsNegativeTimeouts } from './kafkajs-node24.ts';

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
  /** receives kafkajs' own log lines, retried broker errors included; they are dropped when omitted */
  log?: (entry: KafkaLogEntry) => void;
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

const LOG_LEVELS = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

export function createKafkaBus(config: KafkaBusConfig): Bus {
  quietKafkajsNegativeTimeouts();
  const retry = { retries: config.retries ?? 5, initialRetryTime: 100, maxRetryTime: 2_000 };
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ...kafkajsSecurity(config),
    connectionTimeout: config.connectionTimeoutMs ?? 1_000,
    requestTimeout: config.requestTimeoutMs ?? 5_000,
    retry,
    logLevel: config.log ? LOG_LEVELS[config.logLevel ?? 'warn'] : logLevel.NOTHING,
    logCreator: () => (entry) => {
      const { message, ...extra } = entry.log;
      const level = entry.label.toLowerCase() as KafkaLogEntry['level'];
      config.log?.({ level, namespace: entry.namespace, message, extra });
    },
  });
  const options = clientOptions(config);
  const admin = createKafkaAdmin(options, config.pingTimeoutMs ?? 2_000, config.topics);
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();
  const tuning = {
    retry,
    minBytes: config.fetch?.minBytes ?? 1,
    maxBytes: config.fetch?.maxBytes ?? 10 * 1024 * 1024,
    maxWaitTimeMs: config.fetch?.maxWaitMs ?? 1_000,
    sessionTimeoutMs: config.sessionTimeoutMs ?? 30_000,
  };

  return {
    admin,
    producer() {
      const producer = createKafkaProducer(options, config.log);
      producers.add(producer);
      return producer;
    },
    consumer() {
      const consumer = createKafkaConsumer(kafka, tuning);
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

/** kafkajs (the consumer's client) spells TLS and SASL its own way. */
function kafkajsSecurity({ tls, sasl }: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (tls) security.ssl = tls === true ? true : { ...tls };
  if (!sasl) return security;
  const { username, password } = sasl;
  if (sasl.mechanism === 'PLAIN') security.sasl = { mechanism: 'plain', username, password };
  else if (sasl.mechanism === 'SCRAM-SHA-256')
    security.sasl = { mechanism: 'scram-sha-256', username, password };
  else security.sasl = { mechanism: 'scram-sha-512', username, password };
  return security;
}
