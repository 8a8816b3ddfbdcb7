import type { Kafka, Consumer as KafkaJsConsumer, KafkaMessage, RetryOptions } from 'kafkajs';
import { LagTracker } from '../lag-tracker.ts';
import { PartitionHooks } from '../partition-hooks.ts';
import type { BusMessage, Consumer, ConsumerRunOptions } from '../types.ts';
import { membershipFailure, toBusError } from './kafkajs-errors.ts';

export interface KafkaConsumerTuning {
  retry: RetryOptions;
  minBytes: number;
  maxBytes: number;
  /** how long a fetch waits for minBytes; stop() waits for the fetch in flight */
  maxWaitTimeMs: number;
  sessionTimeoutMs: number;
}

/** A group member with manual commits: kafkajs resolves positions, only commit() stores progress. */
export function createKafkaConsumer(kafka: Kafka, tuning: KafkaConsumerTuning): Consumer {
  let consumer: KafkaJsConsumer | undefined;
  const lag = new LagTracker();
  let hooks: PartitionHooks | undefined;

  return {
    async run(options: ConsumerRunOptions) {
      if (consumer) throw new Error('this consumer is already running');
      const partitionHooks = new PartitionHooks(options, lag);
      hooks = partitionHooks;
      const member = kafka.consumer({
        groupId: options.groupId,
        allowAutoTopicCreation: false,
        minBytes: tuning.minBytes,
        maxBytes: tuning.maxBytes,
        // One partition may fill a whole fetch: the writer's batches are per partition.
        maxBytesPerPartition: tuning.maxBytes,
        maxWaitTimeInMs: tuning.maxWaitTimeMs,
        sessionTimeout: tuning.sessionTimeoutMs,
        retry: tuning.retry,
      });
      consumer = member;
      // kafkajs rejoins with eager rebalancing and restarts from committed offsets afterwards, so
      // every join revokes everything held before and assigns the new set.
      member.on(member.events.GROUP_JOIN, ({ payload }) => {
        const assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
          partitions.map((partition) => ({ topic, partition })),
        );
        partitionHooks.replaceAssignment(assigned);
      });
      try {
        await member.connect();
        await member.subscribe({ topics: options.topics, fromBeginning: true });
        await member.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
            await partitionHooks.settled();
            if (!isRunning() || isStale() || batch.isEmpty()) return;
            const messages = batch.messages.map(toBusMessage);
            const { topic, partition, highWatermark } = batch;
            lag.observeBatch(topic, partition, batch.firstOffset() ?? '0', highWatermark);
            const keepAlive = () =>
              heartbeat().catch((error: unknown) => {
                throw toBusError(error);
              });
            try {
              await options.eachBatch({ topic, partition, messages, highWatermark, heartbeat: keepAlive });
            } catch (error) {
              // kafkajs rejoins the group only when handed its own protocol error back.
              throw membershipFailure(error) ?? error;
            }
            resolveOffset(batch.lastOffset());
            await heartbeat();
          },
        });
      } catch (error) {
        consumer = undefined;
        await member.disconnect().catch(() => undefined);
        throw toBusError(error);
      }
    },

    async commit(topic, partition, nextOffset) {
      if (!consumer) throw new Error('commit() needs a running consumer');
      try {
        await consumer.commitOffsets([{ topic, partition, offset: nextOffset }]);
      } catch (error) {
        throw toBusError(error, topic);
      }
      lag.observeCommit(topic, partition, nextOffset);
    },

    lag: () => lag.snapshot(),

    async stop() {
      const member = consumer;
      consumer = undefined;
      if (!member) return;
      await member.disconnect();
      await hooks?.revokeAll();
    },
  };
}

function toBusMessage(message: KafkaMessage): BusMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) headers[name] = last.toString();
  }
  return {
    offset: message.offset,
    key: message.key?.toString() ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(message.timestamp),
  };
}
