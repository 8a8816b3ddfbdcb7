import { setTimeout as sleep } from 'node:timers/promises';
import { LagTracker } from '../lag-tracker.ts';
import { PartitionHooks } from '../partition-hooks.ts';
import type { Consumer, ConsumerRunOptions } from '../types.ts';
import type { EmbeddedStore } from './embedded-store.ts';

export interface EmbeddedConsumerTuning {
  maxBatchRecords: number;
  maxBatchBytes: number;
  /** pause before a batch whose eachBatch threw is delivered again */
  retryDelayMs: number;
}

/** Same contract as the Kafka consumer, on the embedded logs: partition 0 of each topic, pushed on append. */
export function createEmbeddedConsumer(store: EmbeddedStore, tuning: EmbeddedConsumerTuning): Consumer {
  const lag = new LagTracker();
  const owner = {}; // identifies this consumer's claims on the store
  let session:
    | {
        groupId: string;
        topics: string[];
        hooks: PartitionHooks;
        abort: AbortController;
        loops: Promise<void>[];
      }
    | undefined;

  async function deliver(
    options: ConsumerRunOptions,
    topic: string,
    hooks: PartitionHooks,
    signal: AbortSignal,
  ) {
    const log = store.topic(topic);
    let position = store.offsets.committed(options.groupId, topic) ?? 0;
    while (!signal.aborted) {
      await hooks.settled();
      if (position >= log.endOffset) {
        await log.waitFor(position, signal);
        continue;
      }
      const messages = await log.read(position, tuning.maxBatchRecords, tuning.maxBatchBytes);
      const highWatermark = String(log.endOffset);
      lag.observeBatch(topic, 0, String(position), highWatermark);
      try {
        // One consumer owns the embedded log: there is no group to keep alive or to lose.
        await options.eachBatch({ topic, partition: 0, messages, highWatermark, heartbeat: async () => {} });
        position += messages.length;
      } catch (error) {
        process.emitWarning(`bus: eachBatch failed on ${topic}, delivering the batch again: ${error}`);
        await sleep(tuning.retryDelayMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  return {
    async run(options) {
      if (session) throw new Error('this consumer is already running');
      for (const topic of options.topics) store.topic(topic); // fails fast on a missing topic
      const claimed: string[] = [];
      try {
        for (const topic of options.topics) {
          store.claim(options.groupId, topic, owner);
          claimed.push(topic);
        }
      } catch (error) {
        for (const topic of claimed) store.release(options.groupId, topic, owner);
        throw error;
      }
      const hooks = new PartitionHooks(options, lag);
      const abort = new AbortController();
      void hooks.replaceAssignment(options.topics.map((topic) => ({ topic, partition: 0 })));
      const loops = options.topics.map((topic) =>
        deliver(options, topic, hooks, abort.signal).catch((error: unknown) => {
          process.emitWarning(`bus: delivery on ${topic} stopped: ${error}`);
        }),
      );
      session = { groupId: options.groupId, topics: options.topics, hooks, abort, loops };
    },

    async commit(topic, partition, nextOffset) {
      if (!session?.topics.includes(topic) || partition !== 0) {
        throw new Error(`commit(${topic}, ${partition}) is for a partition this consumer does not own`);
      }
      const offset = Number(nextOffset);
      if (!Number.isSafeInteger(offset) || offset < 0 || offset > store.topic(topic).endOffset) {
        throw new Error(`cannot commit offset ${nextOffset} on ${topic}`);
      }
      await store.offsets.commit(session.groupId, topic, offset);
      lag.observeCommit(topic, partition, nextOffset);
    },

    lag: () => lag.snapshot(),

    async stop() {
      const current = session;
      session = undefined;
      if (!current) return;
      current.abort.abort();
      await Promise.allSettled(current.loops);
      await current.hooks.revokeAll();
      for (const topic of current.topics) store.release(current.groupId, topic, owner);
    },
  };
}
