import { type BaseOptions, findErrorBy, Admin as KafkaAdmin } from '@platformatic/kafka';
import { BusUnavailableError, UnknownTopicError } from '../errors.ts';
import type { Admin, PartitionOffsets, TopicSpec } from '../types.ts';
import { describeChain, toBusError } from './kafka-errors.ts';

/** Durability of the topics ensureTopics creates; unset means the broker's own defaults. */
export interface TopicDurability {
  replicationFactor?: number;
  minInsyncReplicas?: number;
}

export interface ClosableAdmin extends Admin {
  close(): Promise<void>;
}

export function createKafkaAdmin(
  options: BaseOptions,
  pingTimeoutMs: number,
  durability: TopicDurability = {},
): ClosableAdmin {
  const admin = new KafkaAdmin(options);
  return {
    async ensureTopics(topics: TopicSpec[]) {
      try {
        const existing = new Set(await admin.listTopics());
        for (const spec of topics.filter(({ topic }) => !existing.has(topic))) {
          await createTopic(admin, spec, durability);
        }
        await waitForLeaders(admin, topics);
      } catch (error) {
        throw toBusError(error);
      }
    },
    async offsets(topic, groupId) {
      try {
        return await offsetsOf(admin, topic, groupId);
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
        await Promise.race([admin.metadata({ topics: [], forceUpdate: true }), timeout]);
      } catch (error) {
        throw error instanceof BusUnavailableError
          ? error
          : new BusUnavailableError(`Kafka is unavailable: ${error}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await admin.close();
    },
  };
}

async function createTopic(admin: KafkaAdmin, spec: TopicSpec, durability: TopicDurability): Promise<void> {
  const config = { ...spec.config };
  if (durability.minInsyncReplicas) config['min.insync.replicas'] = String(durability.minInsyncReplicas);
  try {
    await admin.createTopics({
      topics: [spec.topic],
      partitions: spec.partitions,
      // -1: the broker's default.replication.factor (KIP-464)
      replicas: durability.replicationFactor ?? -1,
      configs: Object.entries(config).map(([name, value]) => ({ name, value })),
    });
  } catch (error) {
    // Two services ensuring the same topic at once: the loser is told it exists, which is fine.
    if (error instanceof Error && findErrorBy(error, 'apiId', 'TOPIC_ALREADY_EXISTS')) return;
    if (toBusError(error) !== error) throw error;
    // The broker's own words say what to change, e.g. "only 1 broker(s) are registered".
    const refused = error instanceof Error ? findErrorBy(error, 'code', 'PLT_KFK_PROTOCOL') : null;
    const reason = refused?.serverErrorMessage ?? describeChain(error);
    throw new Error(`Kafka refused to create topic ${spec.topic}: ${reason}`, { cause: error });
  }
}

async function offsetsOf(admin: KafkaAdmin, topic: string, groupId?: string): Promise<PartitionOffsets[]> {
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  const found = metadata.topics.get(topic);
  if (!found) throw new UnknownTopicError(topic);
  const partitions = Array.from({ length: found.partitionsCount }, (_, partitionIndex) => partitionIndex);
  const [ends] = await admin.listOffsets({
    topics: [
      { name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) },
    ],
  });
  const committed = new Map<number, bigint>();
  if (groupId) {
    const [group] = await admin.listConsumerGroupOffsets({
      groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions }] }],
    });
    for (const { partitions: listed } of group?.topics ?? []) {
      for (const { partitionIndex, committedOffset } of listed)
        committed.set(partitionIndex, committedOffset);
    }
  }
  return (ends?.partitions ?? [])
    .map(({ partitionIndex, offset }) => {
      const at = committed.get(partitionIndex);
      return {
        partition: partitionIndex,
        end: offset.toString(),
        committed: at === undefined || at < 0n ? null : at.toString(),
      };
    })
    .sort((a, b) => a.partition - b.partition);
}

/** A just-created topic's partitions get leaders a moment later; producing before that fails. */
async function waitForLeaders(admin: KafkaAdmin, topics: TopicSpec[], timeoutMs = 15_000): Promise<void> {
  const names = topics.map(({ topic }) => topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.metadata({ topics: names, forceUpdate: true });
      const ready = names.every((name) =>
        metadata.topics.get(name)?.partitions.every(({ leader }) => leader >= 0),
      );
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new BusUnavailableError('Kafka did not elect leaders for new topics');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
