import type { OutgoingMessage } from '../types.ts';
import { recordSize } from './chunk-by-size.ts';

interface Waiting {
  messages: OutgoingMessage[];
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** A topic's callers not yet taken into a produce, and whether a flush is taking them. */
interface TopicQueue {
  waiting: Waiting[];
  flushing: boolean;
}

/**
 * Joins the sends that arrive while a produce is in flight into the next produce of the same topic.
 * An idempotent producer keeps one produce request in flight per broker at a time (its sequence numbers
 * must arrive in order), so without this every HTTP request would wait its turn for a round trip of
 * its own. A caller's messages are never split
 * across requests, and each caller is settled by the request that carried it: a failure rejects only
 * the callers whose messages were in the failed request or after it (none of those were stored).
 */
export class Coalescer {
  // One entry per topic for the producer's life, changed in place: deleting and re-adding entries of
  // a long-lived Map allocates its tables in the old generation, garbage that kept the callers they
  // held (and the requests awaiting them) alive until a full collection.
  private readonly topics = new Map<string, TopicQueue>();
  private readonly produce: (topic: string, messages: OutgoingMessage[]) => Promise<void>;
  private readonly maxRequestBytes: number;

  constructor(
    produce: (topic: string, messages: OutgoingMessage[]) => Promise<void>,
    maxRequestBytes: number,
  ) {
    this.produce = produce;
    this.maxRequestBytes = maxRequestBytes;
  }

  send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const bytes = messages.reduce((sum, message) => sum + recordSize(message), 0);
      const queue = this.queueOf(topic);
      queue.waiting.push({ messages, bytes, resolve, reject });
      if (!queue.flushing) void this.flush(topic, queue);
    });
  }

  private queueOf(topic: string): TopicQueue {
    let queue = this.topics.get(topic);
    if (!queue) {
      queue = { waiting: [], flushing: false };
      this.topics.set(topic, queue);
    }
    return queue;
  }

  private async flush(topic: string, queue: TopicQueue): Promise<void> {
    queue.flushing = true;
    try {
      for (let taken = take(queue); taken.length > 0; taken = take(queue)) {
        const requests = this.group(taken);
        for (let index = 0; index < requests.length; index++) {
          const request = requests[index] ?? [];
          try {
            await this.produce(
              topic,
              request.flatMap((waiting) => waiting.messages),
            );
            for (const waiting of request) waiting.resolve();
          } catch (error) {
            for (const unsent of requests.slice(index).flat()) unsent.reject(error);
            break;
          }
        }
      }
    } finally {
      queue.flushing = false;
    }
  }

  /** Callers in arrival order, packed into requests of at most maxRequestBytes (a larger caller alone). */
  private group(queue: Waiting[]): Waiting[][] {
    const requests: Waiting[][] = [];
    let current: Waiting[] = [];
    let bytes = 0;
    for (const waiting of queue) {
      if (current.length > 0 && bytes + waiting.bytes > this.maxRequestBytes) {
        requests.push(current);
        current = [];
        bytes = 0;
      }
      current.push(waiting);
      bytes += waiting.bytes;
    }
    if (current.length > 0) requests.push(current);
    return requests;
  }
}

function take(queue: TopicQueue): Waiting[] {
  const taken = queue.waiting;
  queue.waiting = [];
  return taken;
}
