import { describe, expect, it } from 'vitest';
import { chunkRows, partCount, splitByToken, tokenWithParts } from './insert-parts.ts';

const base = 'quarry.datasets.v1:3:100-612@1781092800000';

describe('insert parts', () => {
  it('splits a chunk only when each part keeps the fewest rows, and no part past the most rows', () => {
    const parts = { most: 2, minRows: 10_000 };
    expect(chunkRows(50_000, parts)).toBe(100_000);
    expect(partCount(100_000, 50_000, parts)).toBe(2);
    expect(partCount(28_000, 50_000, parts)).toBe(2);
    expect(partCount(19_999, 50_000, parts)).toBe(1);
    expect(partCount(100, 50_000, parts)).toBe(1);
    expect(partCount(50_000, 50_000, { most: 1, minRows: 1 })).toBe(1);
    expect(partCount(60_000, 50_000, { most: 2, minRows: 60_000 })).toBe(2);
  });

  it('inserts a token without a part count whole, as an intent written before parts existed', () => {
    const rows = [1, 2, 3];
    expect(tokenWithParts(base, 1)).toBe(base);
    expect(splitByToken(rows, base)).toEqual([{ rows, token: base }]);
  });

  it('splits the same rows the same way under the same part tokens on every repeat', () => {
    const token = tokenWithParts(base, 2);
    const rows = [1, 2, 3, 4, 5];
    const parts = [
      { rows: [1, 2, 3], token: `${token}#0` },
      { rows: [4, 5], token: `${token}#1` },
    ];
    expect(splitByToken(rows, token)).toEqual(parts);
    expect(splitByToken([...rows], token)).toEqual(parts);
  });
});
