import { BusUnavailableError, MessageTooLargeError } from '../errors.ts';
import type { Bus, Consumer, OutgoingMessage, Producer } from '../types.ts';
import { createEmbeddedConsumer } from './embedded-consumer.ts';
import { EmbeddedStore } from './embedded-store.ts';
import { encodeRecord } from './record-codec.ts';

export interface EmbeddedBusConfig {
  kind: 'embedded';
  dataDir: string;
  /** largest record accepted, like Kafka's max.message.bytes (default 1 MiB) */
  maxMessageBytes?: number;
  maxBatchRecords?: number;
}

/**
 * The single-process twin of the Kafka bus: same interfaces, topics as append-only files with one
 * partition each, a send resolves after fsync, and consumers in this process are woken on append.
 */
export async function createEmbeddedBus(config: Omit<EmbeddedBusConfig, 'kind'>): Promise<Bus> {
  const store = await EmbeddedStore.open(config.dataDir);
  const maxMessageBytes = config.maxMessageBytes ?? 1024 * 1024;
  const tuning = {
    maxBatchRecords: config.maxBatchRecords ?? 1_000,
    maxBatchBytes: 4 * 1024 * 1024,
    retryDelayMs: 1_000,
  };
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();

  function producer(): Producer {
    const inFlight = new Set<Promise<void>>();
    let closed = false;
    const created: Producer = {
      async send(topic, messages) {
        if (closed) throw new Error('the producer is closed');
        if (messages.length === 0) return;
        const log = store.topic(topic);
        const sending = log.append(encodeAll(topic, messages, maxMessageBytes)).catch((error: unknown) => {
          throw new BusUnavailableError(`the embedded bus could not write ${topic}: ${error}`, {
            cause: error,
          });
        });
        inFlight.add(sending);
        try {
          await sending;
        } finally {
          inFlight.delete(sending);
        }
      },
      async close() {
        closed = true;
        await Promise.allSettled(inFlight);
      },
    };
    producers.add(created);
    return created;
  }

  return {
    producer,
    consumer() {
      const consumer = createEmbeddedConsumer(store, tuning);
      consumers.add(consumer);
      return consumer;
    },
    admin: {
      async ensureTopics(topics) {
        for (const { topic } of topics) await store.createTopic(topic);
      },
      async offsets(topic, groupId) {
        const committed = groupId === undefined ? undefined : store.offsets.committed(groupId, topic);
        return [
          {
            partition: 0,
            end: String(store.topic(topic).endOffset),
            committed: committed === undefined ? null : String(committed),
          },
        ];
      },
      async ping() {
        store.assertOpen();
      },
    },
    async close() {
      await Promise.allSettled([...consumers].map((consumer) => consumer.stop()));
      await Promise.allSettled([...producers].map((open) => open.close()));
      await store.close();
    },
  };
}

function encodeAll(topic: string, messages: OutgoingMessage[], maxMessageBytes: number): Buffer {
  const timestamp = Date.now();
  const records = messages.map((message) => encodeRecord(message, timestamp));
  const tooLarge = records.findIndex((record) => record.length > maxMessageBytes);
  if (tooLarge >= 0) {
    throw new MessageTooLargeError(
      `record ${tooLarge} for ${topic} is ${records[tooLarge]?.length} bytes; the limit is ${maxMessageBytes}`,
    );
  }
  return Buffer.concat(records);
}
