import { describe, expect, it } from 'vitest';
import { decodeRecords } from './fetch-records.ts';

type Batches = Parameters<typeof decodeRecords>[0];

const record = (offsetDelta: number, value: string, headers: [string, string][] = []) => ({
  length: 0,
  attributes: 0,
  timestampDelta: BigInt(offsetDelta),
  offsetDelta,
  key: Buffer.from(`key-${value}`),
  value: Buffer.from(value),
  headers: headers.map(([name, text]) => [Buffer.from(name), Buffer.from(text)] as [Buffer, Buffer]),
});
const batch = (firstOffset: number, records: ReturnType<typeof record>[], attributes = 0) => ({
  firstOffset: BigInt(firstOffset),
  length: 0,
  partitionLeaderEpoch: 0,
  magic: 2,
  crc: 0,
  attributes,
  lastOffsetDelta: records.at(-1)?.offsetDelta ?? 0,
  firstTimestamp: 1_000n,
  maxTimestamp: 1_000n,
  producerId: 0n,
  producerEpoch: 0,
  firstSequence: 0,
  records,
});

describe('decodeRecords', () => {
  it('keeps the records from the asked offset on, with key, headers and append time', () => {
    // A compressed batch is returned whole, so it may start before the asked offset.
    const batches: Batches = [batch(10, [record(0, 'a'), record(1, 'b', [['quarry-message-id', 'm1']])])];
    const { messages, next } = decodeRecords(batches, 11n);
    expect(next).toBe(12n);
    expect(messages).toEqual([
      {
        offset: '11',
        key: 'key-b',
        value: Buffer.from('b'),
        headers: { 'quarry-message-id': 'm1' },
        timestamp: 1_001,
      },
    ]);
  });

  it('skips transaction markers but moves past them', () => {
    const batches: Batches = [batch(0, [record(0, 'a')]), batch(1, [record(0, 'marker')], 0x20)];
    const { messages, next } = decodeRecords(batches, 0n);
    expect(messages.map(({ offset }) => offset)).toEqual(['0']);
    expect(next).toBe(2n);
  });

  it('stays where it was when nothing was fetched', () => {
    expect(decodeRecords([], 7n)).toEqual({ messages: [], next: 7n });
  });
});
