import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createTopic, uniqueTopic } from './kafka-topics.ts';
import { localStack } from './stack.ts';

describe('createTopic', () => {
  it('creates a topic with the partitions asked for, ready for producers', async () => {
    const { kafkaBrokers } = localStack();
    const topic = uniqueTopic('testkit');
    await createTopic(kafkaBrokers, topic, 3);
    const admin = new Kafka({
      clientId: 'testkit-test',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]?.partitions.map((partition) => partition.leader)).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('uniqueTopic', () => {
  it('makes names that differ and are legal Kafka topic names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueTopic('events')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^events\.[a-zA-Z0-9._-]+$/);
  });
});
