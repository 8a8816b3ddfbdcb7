import { describe, expect, it } from 'vitest';
import { chunkBySize, recordSize } from './chunk-by-size.ts';

const message = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes) });

describe('chunkBySize', () => {
  it('keeps a send that fits in one request', () => {
    const messages = [message(10), message(10)];
    expect(chunkBySize(messages, 1_000)).toEqual([messages]);
  });

  it('splits records across requests without reordering them', () => {
    const messages = [message(400), message(400), message(400)];
    const chunks = chunkBySize(messages, 2 * recordSize(message(400)));
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 1]);
    expect(chunks.flat()).toEqual(messages);
  });

  it('sends a record larger than the limit alone, for the broker to refuse', () => {
    const chunks = chunkBySize([message(10), message(5_000), message(10)], 1_000);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });

  it('counts headers in the size', () => {
    expect(recordSize({ key: 'k', value: 'v', headers: { source: 'x'.repeat(100) } })).toBeGreaterThan(
      recordSize({ key: 'k', value: 'v' }),
    );
  });
});
