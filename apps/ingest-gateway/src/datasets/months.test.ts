import { describe, expect, it } from 'vitest';
import { countMonths } from './months.ts';

const row = (timestamp: string) => ({ timestamp, context: '{}' });

describe('distinct months of a request', () => {
  it('counts each UTC month once', () => {
    const rows = ['2026-06-01 00:00:00.000', '2026-06-30 23:59:59.999', '2026-07-01 00:00:00.000'].map(row);
    expect(countMonths(rows, 12)).toBe(2);
  });

  it('stops counting once past the bound (a 10,000-record batch over four centuries)', () => {
    const rows = Array.from({ length: 10_000 }, (_, index) =>
      row(
        `${1900 + (Math.floor(index / 12) % 400)}-${String((index % 12) + 1).padStart(2, '0')}-01 00:00:00.000`,
      ),
    );
    expect(countMonths(rows, 12)).toBe(13);
  });
});
