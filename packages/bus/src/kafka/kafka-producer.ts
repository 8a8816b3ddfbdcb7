import { type Kafka, type Producer as KafkaJsProducer, Partitioners, type RetryOptions } from 'kafkajs';
import type { OutgoingMessage, Producer } from '../types.ts';
import { chunkBySize } from './chunk-by-size.ts';
import { Coalescer } from './coalescer.ts';
import { toBusError } from './kafka-errors.ts';

// Well under the broker's default 1 MiB message.max.bytes, which applies to a whole record batch.
const MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Idempotent, acks=all producer. Retries are bounded (kafkajs would otherwise retry an idempotent
 * producer forever) so that a send to a dead broker fails in seconds and the edge can answer 503.
 */
export function createKafkaProducer(kafka: Kafka, retry: RetryOptions): Producer {
  const producer: KafkaJsProducer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry,
  });
  let connecting: Promise<void> | undefined;
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  // Lazy so a service can boot while the broker is down and answer 503 until it is back.
  function connect(): Promise<void> {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  async function produce(topic: string, messages: OutgoingMessage[]): Promise<void> {
    for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES)) {
      await producer.send({ topic, acks: -1, messages: chunk.map(toKafkaMessage) });
    }
  }
  const coalescer = new Coalescer(produce, MAX_REQUEST_BYTES);

  async function deliver(topic: string, messages: OutgoingMessage[]): Promise<void> {
    try {
      await connect();
      await coalescer.send(topic, messages);
    } catch (error) {
      throw toBusError(error, topic);
    }
  }

  return {
    async send(topic, messages) {
      if (closed) throw new Error('the producer is closed');
      if (messages.length === 0) return;
      const sending = deliver(topic, messages);
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
      await producer.disconnect();
    },
  };
}

function toKafkaMessage({ key, value, headers }: OutgoingMessage) {
  return { key, value, headers };
}
