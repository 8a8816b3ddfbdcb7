import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, intactRecordLength } from './record-codec.ts';

const record = encodeRecord(
  { key: 'order-1', value: 'paid', headers: { source: 'billing' } },
  1_700_000_000_123,
);

describe('record codec', () => {
  it('round-trips key, headers, value and timestamp', () => {
    expect(decodeRecord(record, 0)).toEqual({
      timestamp: 1_700_000_000_123,
      key: 'order-1',
      headers: { source: 'billing' },
      value: Buffer.from('paid'),
    });
  });

  it('keeps binary values byte for byte', () => {
    const value = Buffer.from([0, 255, 10, 13, 0]);
    expect(decodeRecord(encodeRecord({ key: '', value }, 0), 0).value).toEqual(value);
  });

  it('measures consecutive records', () => {
    const two = Buffer.concat([record, record]);
    expect(intactRecordLength(two, 0)).toBe(record.length);
    expect(intactRecordLength(two, record.length)).toBe(record.length);
  });

  it('recognizes a record cut short by a crash', () => {
    for (const cut of [1, 7, 8, record.length - 1]) {
      expect(intactRecordLength(record.subarray(0, cut), 0)).toBeUndefined();
    }
  });

  it('recognizes a record whose bytes changed', () => {
    const damaged = Buffer.from(record);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 0xff, damaged.length - 1);
    expect(intactRecordLength(damaged, 0)).toBeUndefined();
    expect(intactRecordLength(Buffer.alloc(64), 0)).toBeUndefined();
  });
});
