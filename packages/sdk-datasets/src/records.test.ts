import { INGEST_MESSAGES } from '@quarry/schema';
import { describe, expect, it } from 'vitest';
import { QuarryError } from './errors.ts';
import { RecordEncoder } from './records.ts';
import { defineSchema } from './schema.ts';

const orders = defineSchema({ country: 'string', amount: 'number', signup_at: 'timestamp' });
const encoder = new RecordEncoder(orders);
const valid = {
  timestamp: '2026-06-10T10:00:00Z',
  context: {},
  country: 'RO',
  amount: 12.5,
  signup_at: '2026-01-02',
};

function refusal(run: () => unknown): QuarryError {
  try {
    run();
  } catch (error) {
    if (error instanceof QuarryError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('records are checked before sending, with the server’s messages', () => {
  it('sends Dates as ISO strings, in the timestamp and in declared timestamp fields', () => {
    const json = encoder.encode({
      ...valid,
      timestamp: new Date('2026-06-10T10:00:00Z'),
      signup_at: new Date('2026-01-02T03:04:05.006Z'),
    });
    expect(JSON.parse(json)).toEqual({
      ...valid,
      timestamp: '2026-06-10T10:00:00.000Z',
      signup_at: '2026-01-02T03:04:05.006Z',
    });
  });

  it('refuses a record with the message and status the gateway would answer', () => {
    const cases: [unknown, string][] = [
      [[], INGEST_MESSAGES.payloadNotObject],
      [{ ...valid, timestamp: new Date(Number.NaN) }, INGEST_MESSAGES.invalidTimestamp],
      [{ ...valid, context: 'x' }, INGEST_MESSAGES.contextNotObject],
      [{ ...valid, coupon: 'X' }, 'Extra field: coupon'],
      [
        { timestamp: valid.timestamp, context: {}, country: 'RO', signup_at: '2026-01-02' },
        'Missing field: amount',
      ],
      [{ ...valid, amount: '12.5' }, 'Invalid number field: amount'],
      [{ ...valid, signup_at: 'yesterday' }, 'Invalid timestamp field: signup_at'],
    ];
    for (const [record, message] of cases) {
      const error = refusal(() => encoder.encode(record));
      expect({ message: error.message, status: error.status, attempts: error.attempts }).toEqual({
        message,
        status: 400,
        attempts: 0,
      });
    }
  });

  it('refuses a whole batch naming the first invalid record', () => {
    const error = refusal(() =>
      encoder.encodeBatch([valid, valid, { ...valid, country: 7 }, { ...valid, amount: 'x' }]),
    );
    expect([error.message, error.index, error.records]).toEqual(['Invalid string field: country', 2, 4]);
    expect(refusal(() => encoder.encodeBatch([])).message).toBe(INGEST_MESSAGES.batchNotArray);
    expect(JSON.parse(encoder.encodeBatch([valid, valid]))).toEqual([valid, valid]);
  });

  it('refuses a schema the server would refuse, before anything is sent', () => {
    expect(() => defineSchema({ '1abc': 'string' })).toThrow('Invalid field name: 1abc');
    expect(() => defineSchema({ __id: 'string' })).toThrow('Reserved field name: __id');
    expect(() => defineSchema({})).toThrow('Schema must declare at least one field');
  });
});
