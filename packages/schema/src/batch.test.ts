import { describe, expect, it } from 'vitest';
import { validateBatch } from './batch.ts';
import { compileRecordValidator } from './record-validator.ts';

const validate = compileRecordValidator({ fields: { amount: 'number' } });
const record = (amount: unknown) => ({ timestamp: '2026-06-10T00:00:00Z', context: {}, amount });

describe('validateBatch', () => {
  it.each([[], {}, null, 'x', record(1)])('answers Batch body must be a non-empty array for %j', (body) => {
    expect(validateBatch(validate, body)).toEqual({
      ok: false,
      message: 'Batch body must be a non-empty array',
    });
  });

  it('returns one row per record, in order', () => {
    const result = validateBatch(validate, [record(1), record(2)]);
    expect(result.ok && result.rows.map((row) => row.amount)).toEqual([1, 2]);
  });

  it('names the first invalid record and returns nothing else', () => {
    const result = validateBatch(validate, [record(1), record('2'), { nope: true }]);
    expect(result).toEqual({ ok: false, index: 1, message: 'Invalid number field: amount' });
  });

  it('answers Payload must be an object for a non-object element', () => {
    expect(validateBatch(validate, [record(1), [record(2)]])).toEqual({
      ok: false,
      index: 1,
      message: 'Payload must be an object',
    });
  });
});
