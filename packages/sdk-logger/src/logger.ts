import { QuarryLogError } from './errors.ts';
import { type RetryOptions, retryPolicy } from './retry.ts';
import { serializeMetadata } from './serialize.ts';
import { postEvents, type Transport } from './transport.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Any JSON object; Errors anywhere in it (or as the whole of it) keep name, message, stack, code and cause. */
export type LogMetadata = Record<string, unknown> | Error;

export interface LoggerOptions {
  /** The ingest gateway, e.g. `http://localhost:8081`. */
  ingestUrl: string;
  /** Project API key (`qk_…`). */
  apiKey: string;
  /** Default `env` of every event, e.g. `production`. */
  env?: string;
  /** Default `source` of every event, e.g. the service's name. */
  source?: string;
  /** Events per request, 1–100 (the gateway's limit). Default 100. */
  batchSize?: number;
  /** An event waits at most this long before it is sent. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Retry 429/503 honouring `Retry-After` (`true` for the defaults). Off by default: a 429 rejects the flush. */
  retry?: RetryOptions | boolean;
  /** Events buffered or in flight; past it new events are dropped (and reported). Default 10,000. */
  maxQueuedEvents?: number;
  /** Called for every batch (or event) that was not stored. Default: `console.error`. */
  onError?: (error: QuarryLogError) => void;
  /** Flush when the process is about to exit (`beforeExit`). Default true. */
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
  /** Sends every buffered event; rejects with the first failure since the last flush. */
  flush(): Promise<void>;
  /** Flushes and stops: later events are dropped. */
  close(): Promise<void>;
}

export const MAX_BATCH_SIZE = 100;

export function createLogger(options: LoggerOptions): Logger {
  return new QuarryLogger(options);
}

class QuarryLogger implements Logger {
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
  private readonly flushBeforeExit = () => {
    this.flush().catch(() => undefined);
  };

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
    };
    if (options.flushOnExit !== false) globalThis.process?.on?.('beforeExit', this.flushBeforeExit);
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
    if (this.closed) return;
    if (this.queued >= (this.options.maxQueuedEvents ?? 10_000)) {
      if (!this.overflowing)
        this.fail(
          new QuarryLogError('Log events dropped: too many waiting to be sent', { events: 1, attempts: 0 }),
        );
      this.overflowing = true;
      return;
    }
    this.overflowing = false;
    this.buffer.push(encodeEvent(level, message, metadata, this.labels, at));
    this.queued++;
    if (this.buffer.length >= this.batchSize) this.cut();
    else this.timer ??= unref(setTimeout(() => this.cut(), this.options.flushIntervalMs ?? 1_000));
  }

  async flush(): Promise<void> {
    this.cut();
    await this.chain;
    const [first] = this.failures.splice(0);
    if (first) throw first;
  }

  async close(): Promise<void> {
    this.closed = true;
    globalThis.process?.off?.('beforeExit', this.flushBeforeExit);
    await this.flush();
  }

  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchSize);
      // One request at a time, in order; deliver never rejects, so the chain never breaks.
      this.chain = this.chain.then(() => this.deliver(batch));
    }
  }

  private async deliver(batch: string[]): Promise<void> {
    let events = batch;
    try {
      while (events.length > 0) {
        const result = await postEvents(this.transport, events);
        if (result.ok) return;
        const { error, index } = result;
        // One invalid event (too large, say) must not sink the others: drop it, send the rest.
        if (error.status === 400 && index !== undefined && events.length > 1 && index < events.length) {
          this.fail(new QuarryLogError(error.message, { status: 400, events: 1, attempts: error.attempts }));
          events = events.filter((_, i) => i !== index);
          continue;
        }
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

function encodeEvent(
  level: LogLevel,
  message: string,
  metadata: LogMetadata | undefined,
  labels: { env?: string; source?: string },
  at: Date | undefined,
): string {
  const timestamp = (at !== undefined && !Number.isNaN(at.getTime()) ? at : new Date()).toISOString();
  const event = { message: String(message), level, timestamp, ...labels };
  if (metadata === undefined) return JSON.stringify(event);
  try {
    return JSON.stringify({ ...event, metadata: serializeMetadata(metadata) });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return JSON.stringify({
      ...event,
      metadata: { metadataError: `metadata could not be serialized: ${reason}` },
    });
  }
}

function unref<T>(timer: T): T {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
  }
  return timer;
}
