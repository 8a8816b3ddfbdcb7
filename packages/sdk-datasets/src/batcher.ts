import { QuarryError } from './errors.ts';

export interface BatchingOptions {
  /** Records per batch request. Default 1,000 (the gateway takes up to 10,000). */
  maxRecords?: number;
  /** Bytes of JSON per batch request. Default 1 MiB (the gateway takes up to 4 MiB). */
  maxBytes?: number;
  /** A record waits at most this long for its batch to fill. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Batch requests in flight at once; more wait their turn. Default 4. */
  maxConcurrentBatches?: number;
  /** Records buffered or in flight; past it `ingest` throws instead of growing memory. Default 100,000. */
  maxQueuedRecords?: number;
}

export const DEFAULT_BATCHING: Required<BatchingOptions> = {
  maxRecords: 1_000,
  maxBytes: 1024 * 1024,
  flushIntervalMs: 1_000,
  maxConcurrentBatches: 4,
  maxQueuedRecords: 100_000,
};

/** Sends one batch: a JSON array body already joined from the records' JSON. */
export type SendBatch = (body: string, records: number) => Promise<void>;

/**
 * Collects serialized records into batches cut by count, bytes or age, and sends them with bounded
 * concurrency. A failed batch goes to `onError` and is also the answer of the next `flush()`.
 */
export class Batcher {
  private buffer: string[] = [];
  private bytes = 2;
  private queued = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Set<Promise<void>>();
  private failures: QuarryError[] = [];
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly options: Required<BatchingOptions>;
  private readonly send: SendBatch;
  private readonly onError: (error: QuarryError) => void;

  constructor(options: Required<BatchingOptions>, send: SendBatch, onError: (error: QuarryError) => void) {
    this.options = options;
    this.send = send;
    this.onError = onError;
  }

  /** Records buffered or in flight. */
  get queuedRecords(): number {
    return this.queued;
  }

  add(json: string): void {
    if (this.queued >= this.options.maxQueuedRecords) {
      throw new QuarryError(
        `Too many records waiting to be sent (at most ${this.options.maxQueuedRecords}); the ingest endpoint is not keeping up`,
      );
    }
    const size = utf8Length(json) + 1;
    if (this.buffer.length > 0 && this.bytes + size > this.options.maxBytes) this.cut();
    this.buffer.push(json);
    this.bytes += size;
    this.queued++;
    if (this.buffer.length >= this.options.maxRecords || this.bytes >= this.options.maxBytes) this.cut();
    else this.timer ??= unref(setTimeout(() => this.cut(), this.options.flushIntervalMs));
  }

  /** Sends what is buffered and waits for every batch in flight; rejects with the first failure since the last flush. */
  async flush(): Promise<void> {
    this.cut();
    while (this.pending.size > 0) await Promise.all(this.pending);
    const [first] = this.failures.splice(0);
    if (first) throw first;
  }

  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const body = `[${this.buffer.join(',')}]`;
    const records = this.buffer.length;
    this.buffer = [];
    this.bytes = 2;
    const delivery = this.deliver(body, records).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  private async deliver(body: string, records: number): Promise<void> {
    await this.acquireSlot();
    try {
      await this.send(body, records);
    } catch (cause) {
      const error = cause instanceof QuarryError ? cause : new QuarryError(String(cause), { records, cause });
      this.failures.push(error);
      this.onError(error);
    } finally {
      this.queued -= records;
      this.releaseSlot();
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.active < this.options.maxConcurrentBatches) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiting batch, so no newcomer can slip in between. */
  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

function unref<T>(timer: T): T {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
  }
  return timer;
}

/** Bytes of the string as UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    bytes += code < 0x800 ? 1 : 2;
    // A surrogate pair is two units and four bytes: 2 + 2 once its second unit is skipped.
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return bytes;
}
