import { describe, expect, it } from 'vitest';
import { JUNE } from './cases/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { parseQuery } from './parse.ts';
import { shapeResult } from './result.ts';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

describe('shapeResult', () => {
  it('returns everything when the engine sent no more than the limit', () => {
    expect(shapeResult(rows(3), { limit: 3, offset: 0 })).toEqual({ rows: rows(3), truncated: false });
  });

  it('cuts the extra row and hands out a cursor for the next page', () => {
    const page = shapeResult(rows(4), { limit: 3, offset: 6 });
    expect(page.rows).toEqual(rows(3));
    expect(page.truncated).toBe(true);
    expect(decodeCursor(page.nextCursor ?? '')).toBe(9);
  });

  it('gives no cursor past the offset bound, but still says the result was cut', () => {
    expect(shapeResult(rows(2), { limit: 1, offset: 100_000 })).toEqual({ rows: rows(1), truncated: true });
  });

  it('feeds its cursor back into the next query', () => {
    const { nextCursor } = shapeResult(rows(11), { limit: 10, offset: 0 });
    const next = parseQuery({ range: JUNE, select: [{ field: 'plan' }], limit: 10, cursor: nextCursor });
    expect(next.ok && next.query.offset).toBe(10);
  });
});

describe('cursor', () => {
  it('round-trips an offset', () => {
    expect(decodeCursor(encodeCursor(1234))).toBe(1234);
  });

  it.each([
    ['garbage', '!!!'],
    ['JSON that is not an offset', Buffer.from('{"x":1}').toString('base64url')],
    ['a negative offset', Buffer.from('{"o":-1}').toString('base64url')],
    ['an offset past the bound', Buffer.from('{"o":100001}').toString('base64url')],
    ['a fractional offset', Buffer.from('{"o":1.5}').toString('base64url')],
    ['extra keys', Buffer.from('{"o":1,"sql":"x"}').toString('base64url')],
    ['an array', Buffer.from('[1]').toString('base64url')],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
