import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { quietKafkajsNegativeTimeouts } from './kafkajs-node24.ts';

const READY_TOPIC = '__quarry_ready';

/**
 * Proves the broker serves what Quarry needs, not merely that its port is open: a topic can be created,
 * produced to with acks=all by an idempotent producer, and a consumer group joined. Right after start the group coordinator
 * answers "loading" for a moment, so callers retry this until it passes.
 */
export async function probeKafka(brokers: string[], clusterId: string, timeoutMs: number): Promise<void> {
  quietKafkajsNegativeTimeouts();
  const kafka = new Kafka({
    clientId: 'quarry-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  // Idempotent like Quarry's producer, so the transaction coordinator must have loaded too.
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, retry: { retries: 1 } });
  const consumer = kafka.consumer({
    groupId: `quarry-readiness-${randomUUID()}`,
    maxWaitTimeInMs: 100, // disconnect waits for the fetch in flight; kafkajs' default would add 5 s
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    // Another broker already on this port would otherwise pass for ours.
    if (cluster.clusterId !== clusterId) throw new WrongKafkaError(brokers, cluster.clusterId);
    await admin.createTopics({ topics: [{ topic: READY_TOPIC, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
    await producer.send({ topic: READY_TOPIC, acks: -1, messages: [{ value: 'ready?' }] });
    await consumer.connect();
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
    });
    await consumer.subscribe({ topics: [READY_TOPIC] });
    await consumer.run({ eachMessage: async () => undefined });
    await withTimeout(joined, timeoutMs, 'consumer group join');
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class WrongKafkaError extends Error {
  constructor(brokers: string[], clusterId: string) {
    super(`${brokers.join(',')} is served by another Kafka (cluster ${clusterId}); is the port taken?`);
    this.name = 'WrongKafkaError';
  }
}
