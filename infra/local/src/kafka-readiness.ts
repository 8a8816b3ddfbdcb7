import { randomUUID } from 'node:crypto';
import { Admin, type BaseOptions, Consumer, findErrorBy, ProduceAcks, Producer } from '@platformatic/kafka';

const READY_TOPIC = '__quarry_ready';

/**
 * Proves the broker serves what Quarry needs, not merely that its port is open: a topic can be created,
 * produced to with acks=all by an idempotent producer, and a consumer group joined. Right after start the group coordinator
 * answers "loading" for a moment, so callers retry this until it passes.
 */
export async function probeKafka(brokers: string[], clusterId: string, timeoutMs: number): Promise<void> {
  const options: BaseOptions = {
    clientId: 'quarry-readiness',
    bootstrapBrokers: brokers,
    connectTimeout: 1_000,
    requestTimeout: timeoutMs,
    retries: 0,
  };
  const admin = new Admin(options);
  // Idempotent like Quarry's producer, so the transaction coordinator must have loaded too.
  const producer = new Producer({ ...options, retries: 1, idempotent: true, acks: ProduceAcks.ALL });
  const consumer = new Consumer({ ...options, groupId: `quarry-readiness-${randomUUID()}` });
  try {
    const cluster = await admin.metadata({ topics: [] });
    // Another broker already on this port would otherwise pass for ours.
    if (cluster.id !== clusterId) throw new WrongKafkaError(brokers, cluster.id);
    await admin.createTopics({ topics: [READY_TOPIC], partitions: 1, replicas: -1 }).catch((error: Error) => {
      if (!findErrorBy(error, 'apiId', 'TOPIC_ALREADY_EXISTS')) throw error;
    });
    await withTimeout(waitForLeader(admin), timeoutMs, 'leader election');
    await producer.send({ messages: [{ topic: READY_TOPIC, value: Buffer.from('ready?') }] });
    consumer.topics.trackAll(READY_TOPIC);
    await withTimeout(consumer.joinGroup({}), timeoutMs, 'consumer group join');
  } finally {
    await Promise.allSettled([consumer.close(true), producer.close(), admin.close()]);
  }
}

async function waitForLeader(admin: Admin): Promise<void> {
  for (;;) {
    const metadata = await admin.metadata({ topics: [READY_TOPIC], forceUpdate: true });
    if (metadata.topics.get(READY_TOPIC)?.partitions.every(({ leader }) => leader >= 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
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
