import { flushOnExit } from '@quarry/sdk-runtime';
import { QuarryLogError } from './errors.ts';
import { encodeEvent, type LogLevel, type LogMetadata } from './event.ts';
import { type RetryOptions, retryPolicy } from './retry.ts';
import { postEvents, type Transport } from './transport.ts';

export type { LogLevel, LogMetadata } from './event.ts';
export { MAX_MESSAGE_LENGTH } from './event.ts';

export interface LoggerOptions {
  /** The ingest gateway, e.g. `http://localhost:8081`. */
  ingestUrl: string;
  /** Project API key (`qk_…`). */
  apiKey: string;
  /** Default `env` of every event, e.g. `production`. */
  env?: string;
  /** Default `source` of every event, e.g. the service's name. */
  source?: string;
  /** Events below this level are not sent. Default `debug` (all). */
  level?: LogLevel;
  /** Events per request, 1–100 (the gateway's limit). Default 100. */
  batchSize?: number;
  /** An event waits at most this long before it is sent. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Retries of 429 (after its `Retry-After`), 502/503/504 and network errors. On by default; `false` turns them off. */
  retry?: RetryOptions | boolean;
  /** Events buffered or in flight; past it the newest are dropped, counted in `dropped`. Default 10,000. */
  maxQueuedEvents?: number;
  /** Gzip request bodies of 1 KiB or more (`'none'` to send plain). A 415 answer turns it off. Default `'gzip'`. */
  compression?: 'gzip' | 'none';
  /** Called for every batch (or event) that was not stored. Default: `console.error`. */
  onError?: (error: QuarryLogError) => void;
  /** Flush on SIGTERM, SIGINT, `beforeExit` and a page's `pagehide`. Default true. */
  flushOnExit?: boolean;
  /** Per request attempt. Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Logger {
  debug(message: string, metadata?: LogMetadata): void;
  info(message: string, metadata?: LogMetadata): void;
  warn(message: string, metadata?: LogMetadata): void;
  error(message: string, metadata?: LogMetadata): void;
  /** `at` is when it happened, for events logged on another's behalf (a pino or winston transport); default now. */
  log(level: LogLevel, message: string, metadata?: LogMetadata, at?: Date): void;
  /** A logger whose events carry `metadata` too (the event's own keys win); it shares this one's buffer. */
  child(metadata: Record<string, unknown>): Logger;
  /** Events accepted by `log` that will never be stored: dropped when the buffer was full, refused, or failed for good. */
  readonly dropped: number;
  /** Sends every buffered event; rejects with the first failure since the last flush. */
  flush(): Promise<void>;
  /** Flushes and stops: later events are dropped. */
  close(): Promise<void>;
}

export const MAX_BATCH_SIZE = 100;
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(options: LoggerOptions): Logger {
  return new QuarryLogger(new LogQueue(options), options.level ?? 'debug', {});
}

/** A view on a queue: level filter and bound metadata. Children are views on the same queue. */
class QuarryLogger implements Logger {
  private readonly queue: LogQueue;
  private readonly minimum: LogLevel;
  private readonly bound: Record<string, unknown>;

  constructor(queue: LogQueue, minimum: LogLevel, bound: Record<string, unknown>) {
    this.queue = queue;
    this.minimum = minimum;
    this.bound = bound;
    if (!(minimum in LEVEL_ORDER)) throw new RangeError('level must be one of debug, info, warn, error');
  }

  debug(message: string, metadata?: LogMetadata): void {
    this.log('debug', message, metadata);
  }
  info(message: string, metadata?: LogMetadata): void {
    this.log('info', message, metadata);
  }
  warn(message: string, metadata?: LogMetadata): void {
    this.log('warn', message, metadata);
  }
  error(message: string, metadata?: LogMetadata): void {
    this.log('error', message, metadata);
  }

  /** Never throws into the caller: a logger must not break the code that logs. */
  log(level: LogLevel, message: string, metadata?: LogMetadata, at?: Date): void {
    if ((LEVEL_ORDER[level] ?? 0) < LEVEL_ORDER[this.minimum]) return;
    const merged =
      metadata instanceof Error ? { ...this.bound, error: metadata } : { ...this.bound, ...metadata };
    const hasMetadata = metadata !== undefined || Object.keys(this.bound).length > 0;
    this.queue.push(level, message, hasMetadata ? merged : undefined, at);
  }

  child(metadata: Record<string, unknown>): Logger {
    return new QuarryLogger(this.queue, this.minimum, { ...this.bound, ...metadata });
  }

  get dropped(): number {
    return this.queue.dropped;
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** The buffer and its delivery: one request at a time, in order, bounded in events. */
class LogQueue {
  private readonly transport: Transport;
  private readonly batchSize: number;
  private readonly options: LoggerOptions;
  private readonly labels: { env?: string; source?: string };
  private buffer: string[] = [];
  private queued = 0;
  private chain: Promise<void> = Promise.resolve();
  private failures: QuarryLogError[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private overflowing = false;
  private closed = false;
  private readonly leaveExitHooks: () => void;
  dropped = 0;

  constructor(options: LoggerOptions) {
    const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`);
    }
    this.options = options;
    this.batchSize = batchSize;
    this.labels = {
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.source === undefined ? {} : { source: options.source }),
    };
    this.transport = {
      url: `${options.ingestUrl.replace(/\/+$/, '')}/v1/logs`,
      apiKey: options.apiKey,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      retry: retryPolicy(options.retry),
      timeoutMs: options.timeoutMs ?? 10_000,
      gzip: { enabled: options.compression !== 'none' },
    };
    this.leaveExitHooks =
      options.flushOnExit === false
        ? () => undefined
        : flushOnExit({
            flushForExit: ({ keepalive }) => this.send(keepalive),
            pending: () => this.queued,
          });
  }

  push(level: LogLevel, message: string, metadata: LogMetadata | undefined, at?: Date): void {
    if (this.closed) {
      this.dropped++;
      return;
    }
    // Drop the newest: the buffer keeps what led up to the trouble, and memory stays bounded.
    if (this.queued >= (this.options.maxQueuedEvents ?? 10_000)) {
      this.dropped++;
      if (!this.overflowing) {
        this.fail(
          new QuarryLogError('Log events dropped: too many waiting to be sent', { events: 1, attempts: 0 }),
        );
      }
      this.overflowing = true;
      return;
    }
    this.overflowing = false;
    this.buffer.push(encodeEvent(level, message, metadata, this.labels, at));
    this.queued++;
    if (this.buffer.length >= this.batchSize) this.cut(false);
    else this.timer ??= unref(setTimeout(() => this.cut(false), this.options.flushIntervalMs ?? 1_000));
  }

  async flush(): Promise<void> {
    await this.send(false);
    const [first] = this.failures.splice(0);
    if (first) throw first;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.leaveExitHooks();
    await this.flush();
  }

  private async send(keepalive: boolean): Promise<void> {
    this.cut(keepalive);
    await this.chain;
  }

  private cut(keepalive: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchSize);
      // A page being hidden may not live to see the chain drain: its last batches go at once.
      if (keepalive) {
        void this.deliver(batch, true);
        continue;
      }
      // One request at a time, in order; deliver never rejects, so the chain never breaks.
      this.chain = this.chain.then(() => this.deliver(batch, false));
    }
  }

  private async deliver(batch: string[], keepalive: boolean): Promise<void> {
    let events = batch;
    try {
      while (events.length > 0) {
        const result = await postEvents(this.transport, events, keepalive);
        if (result.ok) return;
        const { error, index } = result;
        // One invalid event must not sink the others: drop it, send the rest.
        if (error.status === 400 && index !== undefined && events.length > 1 && index < events.length) {
          this.dropped++;
          this.fail(new QuarryLogError(error.message, { status: 400, events: 1, attempts: error.attempts }));
          events = events.filter((_, i) => i !== index);
          continue;
        }
        this.dropped += events.length;
        this.fail(error);
        return;
      }
    } finally {
      this.queued -= batch.length;
    }
  }

  private fail(error: QuarryLogError): void {
    this.failures.push(error);
    const report =
      this.options.onError ??
      ((e: QuarryLogError) => console.error(`quarry logger: ${e.message} (${e.events} events not stored)`));
    report(error);
  }
}

function unref<T>(timer: T): T {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
  }
  return timer;
}
