import { describe, expect, it } from 'vitest';
import { serializeError, serializeMetadata } from './serialize.ts';

describe('metadata serialization', () => {
  it('keeps what JSON.stringify loses of an error: name, message, stack, code and cause, recursively', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', port: 5432 });
    const error = new TypeError('could not load the order', { cause: root });
    expect(JSON.stringify(error)).toBe('{}');
    const serialized = serializeError(error);
    expect(serialized).toEqual({
      name: 'TypeError',
      message: 'could not load the order',
      stack: error.stack,
      cause: {
        name: 'Error',
        message: 'connect ECONNREFUSED',
        stack: root.stack,
        code: 'ECONNREFUSED',
        port: 5432,
      },
    });
    expect(JSON.parse(JSON.stringify(serializeMetadata({ err: error, orderId: 7 })))).toEqual({
      err: serialized,
      orderId: 7,
    });
  });

  it('turns an Error given as the whole metadata into {error}', () => {
    const error = new RangeError('out of range');
    expect(serializeMetadata(error)).toEqual({ error: serializeError(error) });
  });

  it('guards cycles, including an error that is its own cause, and keeps shared references', () => {
    const error = new Error('loop');
    (error as { cause?: unknown }).cause = error;
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    const result = serializeMetadata({ error, cyclic });
    expect(result).toEqual({
      error: { name: 'Error', message: 'loop', stack: error.stack, cause: '[Circular]' },
      cyclic: { shared: { id: 1 }, again: { id: 1 }, self: '[Circular]' },
    });
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  it('writes BigInts as strings, Dates as ISO text, and drops what JSON drops', () => {
    const result = serializeMetadata({
      big: 2n ** 64n,
      at: new Date('2026-06-10T10:00:00Z'),
      fn: () => 1,
      nothing: undefined,
      list: [1, undefined, 3n],
      errors: new AggregateError([new Error('a')], 'both failed'),
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      big: '18446744073709551616',
      at: '2026-06-10T10:00:00.000Z',
      list: [1, null, '3'],
      errors: {
        name: 'AggregateError',
        message: 'both failed',
        stack: expect.any(String),
        errors: [{ name: 'Error', message: 'a', stack: expect.any(String) }],
      },
    });
  });
});
