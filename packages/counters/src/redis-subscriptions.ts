import type { Redis } from 'ioredis';
import type { Unsubscribe } from './counters.ts';

type Handler = (message: string) => void;

/**
 * A connection in subscriber mode can run no other command, so subscriptions get their own,
 * opened on first use. ioredis subscribes again by itself after a reconnect; messages published
 * while disconnected are lost, so subscribers must also refresh what they cache periodically.
 */
export class RedisSubscriptions {
  readonly #commands: Redis;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #handlers = new Map<string, Set<Handler>>();
  #subscriber: Redis | undefined;

  constructor(commands: Redis, onError: ((error: unknown) => void) | undefined) {
    this.#commands = commands;
    this.#onError = onError;
  }

  async add(channel: string, handler: Handler): Promise<Unsubscribe> {
    const subscriber = this.#connection();
    const handlers = this.#handlers.get(channel) ?? new Set<Handler>();
    handlers.add(handler);
    if (!this.#handlers.has(channel)) {
      this.#handlers.set(channel, handlers);
      await subscriber.subscribe(channel);
    }
    return async () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.#handlers.get(channel) !== handlers) return;
      this.#handlers.delete(channel);
      await subscriber.unsubscribe(channel);
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    // QUIT needs Redis; during an outage the connection is simply dropped.
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  #connection(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const subscriber = this.#commands.duplicate();
    if (this.#onError) subscriber.on('error', this.#onError);
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.#handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          this.#onError?.(error);
        }
      }
    });
    this.#subscriber = subscriber;
    return subscriber;
  }
}
