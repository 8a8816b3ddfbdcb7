import { describe, expect, it } from 'vitest';
import { quoteIdentifier } from './identifiers.ts';
import { normalizeParams, unixTimestampText } from './params.ts';

describe('quoteIdentifier', () => {
  it('wraps a plain name in backticks', () => {
    expect(quoteIdentifier('signup_at')).toBe('`signup_at`');
  });

  it('escapes backticks and backslashes so the name cannot end the identifier', () => {
    expect(quoteIdentifier('a`b\\c')).toBe('`a\\`b\\\\c`');
  });

  it('refuses an empty name and a NUL character', () => {
    expect(() => quoteIdentifier('')).toThrow(RangeError);
    expect(() => quoteIdentifier('a\0b')).toThrow(RangeError);
  });
});

describe('query parameters', () => {
  it('sends a Date as Unix seconds with milliseconds, like the HTTP client', () => {
    expect(unixTimestampText(new Date('2026-06-10T12:00:00.124Z'))).toBe('1781092800.124');
    expect(unixTimestampText(new Date('2026-06-10T12:00:00.000Z'))).toBe('1781092800');
    expect(unixTimestampText(new Date('1969-12-31T23:59:59.500Z'))).toBe('-0.500');
  });

  it('leaves other values as they are', () => {
    expect(normalizeParams({ s: 'x', n: 1, list: ['a'] })).toEqual({ s: 'x', n: 1, list: ['a'] });
    expect(normalizeParams(undefined)).toBeUndefined();
  });

  it('refuses an invalid Date', () => {
    expect(() => unixTimestampText(new Date('nope'))).toThrow(RangeError);
  });
});
