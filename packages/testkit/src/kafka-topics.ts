import { randomBytes } from 'node:crypto';
import { quietKafkajsNegativeTimeouts } from '@quarry/local-stack';
import { Kafka, logLevel } from 'kafkajs';

/** A topic name no other test (or earlier run on the same broker) uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
}

/** Creates a topic and waits until its partitions have leaders, so producing right after works. */
export async function createTopic(brokers: string[], topic: string, partitions = 1): Promise<void> {
  quietKafkajsNegativeTimeouts();
  const admin = new Kafka({ clientId: 'quarry-testkit', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
