import type { Kafka, Admin as KafkaJsAdmin } from 'kafkajs';
import { BusUnavailableError } from '../errors.ts';
import type { Admin, TopicSpec } from '../types.ts';
import { toBusError } from './kafka-errors.ts';

export interface KafkaAdmin extends Admin {
  close(): Promise<void>;
}

export function createKafkaAdmin(kafka: Kafka, pingTimeoutMs: number): KafkaAdmin {
  const admin: KafkaJsAdmin = kafka.admin();
  let connecting: Promise<void> | undefined;
  const connect = () => {
    connecting ??= admin.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };

  return {
    async ensureTopics(topics: TopicSpec[]) {
      try {
        await connect();
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter(({ topic }) => !existing.has(topic));
        if (missing.length === 0) return;
        await admin.createTopics({
          topics: missing.map(({ topic, partitions, config = {} }) => ({
            topic,
            numPartitions: partitions,
            configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
          })),
          waitForLeaders: true,
        });
      } catch (error) {
        if (createdConcurrently(error)) return;
        if (metadataLagging(error)) return await waitForLeaders(admin, topics);
        throw toBusError(error);
      }
    },

    async offsets(topic, groupId) {
      try {
        await connect();
        const ends = await admin.fetchTopicOffsets(topic);
        const groups = groupId ? await admin.fetchOffsets({ groupId, topics: [topic] }) : [];
        const committed = new Map(groups[0]?.partitions.map(({ partition, offset }) => [partition, offset]));
        return ends
          .map(({ partition, high }) => {
            const offset = committed.get(partition);
            return {
              partition,
              end: high,
              committed: offset === undefined || offset === '-1' ? null : offset,
            };
          })
          .sort((a, b) => a.partition - b.partition);
      } catch (error) {
        throw toBusError(error, topic);
      }
    },

    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new BusUnavailableError(`Kafka did not answer within ${pingTimeoutMs} ms`)),
          pingTimeoutMs,
        );
      });
      try {
        await Promise.race([connect().then(() => admin.describeCluster()), timeout]);
      } catch (error) {
        throw error instanceof BusUnavailableError
          ? error
          : new BusUnavailableError(`Kafka is unavailable: ${error}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      await admin.disconnect();
    },
  };
}

/** Two services ensuring the same topic at once: the loser sees TOPIC_ALREADY_EXISTS, which is fine. */
function createdConcurrently(error: unknown): boolean {
  const failures = (error as { errors?: unknown[] }).errors ?? [error];
  return failures.every((failure) => (failure as { type?: string }).type === 'TOPIC_ALREADY_EXISTS');
}

/**
 * kafkajs waits for the new topics' leaders but retries only LEADER_NOT_AVAILABLE; a broker whose
 * metadata has not caught up with the creation yet answers UNKNOWN_TOPIC_OR_PARTITION instead.
 */
function metadataLagging(error: unknown): boolean {
  return (error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

async function waitForLeaders(admin: KafkaJsAdmin, topics: TopicSpec[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: topics.map(({ topic }) => topic) });
      if (found.every(({ partitions }) => partitions.every(({ leader }) => leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw toBusError(error);
    }
    if (Date.now() > deadline) throw new BusUnavailableError('Kafka did not elect leaders for new topics');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
