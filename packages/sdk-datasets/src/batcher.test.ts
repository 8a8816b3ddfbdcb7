import { describe, expect, it, vi } from 'vitest';
import { Batcher, type BatchingOptions, DEFAULT_BATCHING, utf8Length } from './batcher.ts';
import { QuarryError } from './errors.ts';

const record = (n: number) => JSON.stringify({ n });

function harness(options: BatchingOptions, fail?: (body: string) => QuarryError | undefined) {
  const bodies: unknown[][] = [];
  const errors: QuarryError[] = [];
  let concurrent = 0;
  let peak = 0;
  const batcher = new Batcher(
    { ...DEFAULT_BATCHING, ...options },
    async (body) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 5));
      concurrent--;
      const failure = fail?.(body);
      if (failure) throw failure;
      bodies.push(JSON.parse(body));
    },
    (error) => errors.push(error),
  );
  return { batcher, bodies, errors, peak: () => peak };
}

describe('automatic batching', () => {
  it('cuts a batch when it holds maxRecords', async () => {
    const { batcher, bodies } = harness({ maxRecords: 3, flushIntervalMs: 60_000 });
    for (let n = 0; n < 7; n++) batcher.add(record(n));
    await batcher.flush();
    expect(bodies.map((body) => body.length)).toEqual([3, 3, 1]);
    expect(bodies.flat()).toEqual(Array.from({ length: 7 }, (_, n) => ({ n })));
  });

  it('cuts a batch before its JSON body would pass maxBytes', async () => {
    const size = `[${record(0)}]`.length;
    const { batcher, bodies } = harness({ maxBytes: size * 2, flushIntervalMs: 60_000 });
    for (let n = 0; n < 5; n++) batcher.add(record(n));
    await batcher.flush();
    expect(bodies.every((body) => JSON.stringify(body).length <= size * 2)).toBe(true);
    expect(bodies.flat()).toHaveLength(5);
  });

  it('sends a partial batch once the flush interval passes', async () => {
    vi.useFakeTimers();
    try {
      const { batcher, bodies } = harness({ flushIntervalMs: 1_000 });
      batcher.add(record(1));
      await vi.advanceTimersByTimeAsync(999);
      expect(bodies).toEqual([]);
      await vi.advanceTimersByTimeAsync(10);
      expect(bodies).toEqual([[{ n: 1 }]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps at most maxConcurrentBatches requests in flight', async () => {
    const { batcher, bodies, peak } = harness({ maxRecords: 1, maxConcurrentBatches: 2 });
    for (let n = 0; n < 10; n++) batcher.add(record(n));
    await batcher.flush();
    expect(bodies).toHaveLength(10);
    expect(peak()).toBe(2);
  });

  it('reports a failed batch to onError and rejects the next flush with it, once', async () => {
    const refused = new QuarryError('Queue unavailable; retry later', { status: 503, records: 2 });
    const { batcher, errors } = harness({ maxRecords: 2 }, (body) =>
      body.includes('"n":0') ? refused : undefined,
    );
    for (let n = 0; n < 4; n++) batcher.add(record(n));
    await expect(batcher.flush()).rejects.toBe(refused);
    expect(errors).toEqual([refused]);
    await expect(batcher.flush()).resolves.toBeUndefined();
  });

  it('refuses records past maxQueuedRecords instead of growing without bound', async () => {
    const { batcher } = harness({ maxQueuedRecords: 2, flushIntervalMs: 60_000 });
    batcher.add(record(1));
    batcher.add(record(2));
    expect(() => batcher.add(record(3))).toThrow(/Too many records waiting to be sent \(at most 2\)/);
    await batcher.flush();
    expect(() => batcher.add(record(3))).not.toThrow();
    await batcher.flush();
  });
});

describe('utf8Length', () => {
  it('counts bytes as UTF-8 would', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800x']) {
      expect(utf8Length(text), text).toBe(Buffer.byteLength(text));
    }
  });
});
