import {
  type BaseOptions,
  compatibilityPartitioner,
  Producer as KafkaProducer,
  ProduceAcks,
} from '@platformatic/kafka';
import type { OutgoingMessage, Producer } from '../types.ts';
import { chunkBySize } from './chunk-by-size.ts';
import { Coalescer } from './coalescer.ts';
import type { KafkaLogEntry } from './kafka-bus.ts';
import { describeChain, toBusError } from './kafka-errors.ts';

// Well under the broker's default 1 MiB message.max.bytes, which applies to a whole record batch.
const MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Idempotent, acks=all producer. After a failed or timed-out send the client drops its producer id,
 * so a batch that landed anyway is never answered by a later batch reusing its sequence numbers
 * (kafkajs rewound them: acked-but-missing records, then OUT_OF_ORDER_SEQUENCE until a restart).
 * Keys map to partitions with murmur2 like the Java client and kafkajs, so existing data stays put.
 */
export function createKafkaProducer(options: BaseOptions, log?: (entry: KafkaLogEntry) => void): Producer {
  const producer = new KafkaProducer({
    ...options,
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: false,
    partitioner: compatibilityPartitioner,
  });
  // A count, not a set of the sends: a long-lived Set's add and delete allocate its tables in the old
  // generation, garbage that kept every send's promise (and the request awaiting it) alive until a
  // full collection.
  let inFlight = 0;
  let idle: PromiseWithResolvers<void> | undefined;
  let closed = false;

  async function produce(topic: string, messages: OutgoingMessage[]): Promise<void> {
    for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES)) {
      await producer.send({ messages: chunk.map((message) => toKafkaMessage(topic, message)) });
    }
  }
  const coalescer = new Coalescer(produce, MAX_REQUEST_BYTES);

  async function deliver(topic: string, messages: OutgoingMessage[]): Promise<void> {
    try {
      await coalescer.send(topic, messages);
    } catch (error) {
      const failure = toBusError(error, topic);
      // The 503 at the edge says nothing of why; the operator's log does (retries included).
      log?.({
        level: 'error',
        namespace: 'producer',
        message: `${failure.message} (${describeChain(error)})`,
        extra: { topic },
      });
      throw failure;
    }
  }

  return {
    async send(topic, messages) {
      if (closed) throw new Error('the producer is closed');
      if (messages.length === 0) return;
      inFlight++;
      try {
        await deliver(topic, messages);
      } finally {
        if (--inFlight === 0) idle?.resolve();
      }
    },
    async close() {
      closed = true;
      if (inFlight > 0) {
        idle ??= Promise.withResolvers<void>();
        await idle.promise;
      }
      await producer.close();
    },
  };
}

function toKafkaMessage(topic: string, { key, value, headers }: OutgoingMessage) {
  return {
    topic,
    key: Buffer.from(key),
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers: new Map(
      Object.entries(headers ?? {}).map(([name, text]) => [Buffer.from(name), Buffer.from(text)]),
    ),
  };
}
