import { createServer } from 'node:net';
import { Admin, ConfigResourceTypes } from '@platformatic/kafka';
import { localStack, uniqueTopic } from '@quarry/testkit';
import { describe, expect, it } from 'vitest';
import { createBus } from '../create-bus.ts';
import { BusUnavailableError } from '../errors.ts';
import { describeBusBehaviour } from '../testing/bus-behaviour.ts';
import { startConsuming } from '../testing/consume.ts';
import type { KafkaLogEntry } from './kafka-bus.ts';

describeBusBehaviour('Kafka bus', async () => {
  const { kafkaBrokers } = localStack();
  return () =>
    createBus({ kind: 'kafka', brokers: kafkaBrokers, clientId: 'bus-test', fetch: { maxWaitMs: 100 } });
});

describe('Kafka bus with several members in a group', () => {
  it('splits partitions between members and announces the move through the hooks', async () => {
    const { kafkaBrokers } = localStack();
    const bus = await createBus({
      kind: 'kafka',
      brokers: kafkaBrokers,
      clientId: 'bus-test',
      fetch: { maxWaitMs: 100 },
    });
    const topic = uniqueTopic('bus');
    const groupId = uniqueTopic('group');
    await bus.admin.ensureTopics([{ topic, partitions: 2 }]);
    const held = [new Set<number>(), new Set<number>()];
    const member = (index: number) =>
      startConsuming(bus, {
        topics: [topic],
        groupId,
        onPartitionsAssigned: (partitions) => {
          for (const { partition } of partitions) held[index]?.add(partition);
        },
        onPartitionsRevoked: (partitions) => {
          for (const { partition } of partitions) held[index]?.delete(partition);
        },
      });
    await member(0);
    await expect.poll(() => [...(held[0] ?? [])].sort()).toEqual([0, 1]);
    await member(1);
    await expect.poll(() => [held[0]?.size, held[1]?.size], { timeout: 20_000 }).toEqual([1, 1]);
    expect([...(held[0] ?? []), ...(held[1] ?? [])].sort()).toEqual([0, 1]);
    await bus.close();
  });
});

describe('Kafka producer closing', () => {
  it('waits for the sends in flight, which are stored, and refuses a send after it', async () => {
    const { kafkaBrokers } = localStack();
    const bus = await createBus({ kind: 'kafka', brokers: kafkaBrokers, clientId: 'bus-test' });
    const topic = uniqueTopic('closing');
    await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
    const producer = bus.producer();
    const settled: string[] = [];
    const sends = Array.from({ length: 20 }, (_, index) =>
      producer.send(topic, [{ key: 'k', value: `v${index}` }]).then(() => settled.push(`send ${index}`)),
    );
    await producer.close().then(() => settled.push('closed'));
    expect(settled).toHaveLength(21);
    expect(settled.at(-1)).toBe('closed');
    await Promise.all(sends);
    await expect(producer.send(topic, [{ key: 'k', value: 'late' }])).rejects.toThrow(/closed/);
    const [partition] = await bus.admin.offsets(topic, uniqueTopic('probe'));
    expect(partition?.end).toBe('20');
    await bus.close();
  });
});

describe('Kafka bus topic durability', () => {
  it('creates topics with the configured replication and min.insync.replicas, beside their own config', async () => {
    const { kafkaBrokers } = localStack();
    const topics = { replicationFactor: 1, minInsyncReplicas: 1 };
    const bus = await createBus({ kind: 'kafka', brokers: kafkaBrokers, clientId: 'bus-test', topics });
    const topic = uniqueTopic('durable');
    await bus.admin.ensureTopics([{ topic, partitions: 2, config: { 'max.message.bytes': '2097152' } }]);
    await bus.close();

    const admin = new Admin({ clientId: 'bus-test', bootstrapBrokers: kafkaBrokers });
    const [described] = await admin.describeConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }],
    });
    const metadata = await admin.metadata({ topics: [topic] });
    await admin.close();
    const config = Object.fromEntries(described?.configs.map(({ name, value }) => [name, value]) ?? []);
    expect(config).toMatchObject({ 'min.insync.replicas': '1', 'max.message.bytes': '2097152' });
    expect(metadata.topics.get(topic)?.partitions.map(({ replicas }) => replicas.length)).toEqual([1, 1]);
  });

  it("names the broker's reason when it cannot place the replicas", async () => {
    const { kafkaBrokers } = localStack();
    const topics = { replicationFactor: 3, minInsyncReplicas: 2 };
    const bus = await createBus({ kind: 'kafka', brokers: kafkaBrokers, clientId: 'bus-test', topics });
    const topic = uniqueTopic('durable');
    await expect(bus.admin.ensureTopics([{ topic, partitions: 1 }])).rejects.toThrow(
      new RegExp(`refused to create topic ${topic.replaceAll('.', '\\.')}: .*replication factor of 3`),
    );
    await bus.close();
  });
});

describe('Kafka bus without a broker', () => {
  const logged: KafkaLogEntry[] = [];
  const unreachable = async () => {
    const bus = await createBus({
      kind: 'kafka',
      brokers: [`127.0.0.1:${await closedPort()}`],
      clientId: 'bus-test',
      connectionTimeoutMs: 200,
      requestTimeoutMs: 500,
      retries: 1,
      pingTimeoutMs: 500,
      log: (entry) => logged.push(entry),
    });
    return bus;
  };

  it('rejects a send with BusUnavailableError', async () => {
    const bus = await unreachable();
    const started = Date.now();
    await expect(bus.producer().send('events', [{ key: 'k', value: 'v' }])).rejects.toBeInstanceOf(
      BusUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logged.some((entry) => entry.level === 'error' && /ECONNREFUSED/.test(entry.message))).toBe(true);
    await bus.close();
  });

  it('fails ping with BusUnavailableError', async () => {
    const bus = await unreachable();
    await expect(bus.admin.ping()).rejects.toBeInstanceOf(BusUnavailableError);
    await bus.close();
  });
});

/** A loopback port nothing listens on: bound by us a moment ago, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
