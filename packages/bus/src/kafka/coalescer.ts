import type { OutgoingMessage } from '../types.ts';
import { recordSize } from './chunk-by-size.ts';

interface Waiting {
  messages: OutgoingMessage[];
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
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
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly flushing = new Set<string>();
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
      const queue = this.waiting.get(topic) ?? [];
      queue.push({ messages, bytes, resolve, reject });
      this.waiting.set(topic, queue);
      if (!this.flushing.has(topic)) void this.flush(topic);
    });
  }

  private async flush(topic: string): Promise<void> {
    this.flushing.add(topic);
    try {
      for (let queue = this.take(topic); queue.length > 0; queue = this.take(topic)) {
        const requests = this.group(queue);
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
      this.flushing.delete(topic);
    }
  }

  private take(topic: string): Waiting[] {
    const queue = this.waiting.get(topic) ?? [];
    this.waiting.delete(topic);
    return queue;
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
