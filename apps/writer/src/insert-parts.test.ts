import { describe, expect, it } from 'vitest';
import { chunkRows, partCount, runParts, splitByToken, tokenWithParts } from './insert-parts.ts';

const base = 'quarry.datasets.v1:3:100-612@1781092800000';

describe('insert parts', () => {
  it('splits a chunk only when each part keeps the fewest rows, and no part past the most rows', () => {
    const parts = { most: 2, minRows: 10_000 };
    expect(chunkRows(50_000, parts)).toBe(400_000);
    expect(chunkRows(50_000, { most: 1, minRows: 1 })).toBe(50_000);
    expect(partCount(100_000, 50_000, parts)).toBe(2);
    expect(partCount(28_000, 50_000, parts)).toBe(2);
    expect(partCount(19_999, 50_000, parts)).toBe(1);
    expect(partCount(100, 50_000, parts)).toBe(1);
    expect(partCount(50_000, 50_000, { most: 1, minRows: 1 })).toBe(1);
    expect(partCount(60_000, 50_000, { most: 2, minRows: 60_000 })).toBe(2);
  });

  it('splits a backlogged chunk into waves of `most` parts of one size, each at most the most rows', () => {
    const parts = { most: 2, minRows: 10_000 };
    expect(partCount(220_000, 50_000, parts)).toBe(6);
    expect(partCount(400_000, 50_000, parts)).toBe(8);
    expect(partCount(120_000, 50_000, parts)).toBe(4);
    // Rounding up to a whole wave would take a part under the fewest rows: not rounded.
    expect(partCount(110_000, 50_000, { most: 2, minRows: 30_000 })).toBe(3);
    expect(partCount(150_000, 50_000, { most: 1, minRows: 1 })).toBe(3);
  });

  it('runs `most` parts at a time and starts none after a failure, awaiting those running', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const run = (part: number) => {
      started.push(part);
      running += 1;
      most = Math.max(most, running);
      return new Promise<number[]>((resolve, reject) => {
        gates.set(part, () => {
          running -= 1;
          if (part === 2) reject(new Error('part 2 failed'));
          else resolve([part]);
        });
      });
    };
    const all = runParts([0, 1, 2, 3, 4, 5], 2, run);
    const settle = async (part: number) => {
      gates.get(part)?.();
      await new Promise((resolve) => setImmediate(resolve));
    };
    await settle(0); // 2 starts
    await settle(2); // fails: 3 does not start, 1 is still running
    expect(started).toEqual([0, 1, 2]);
    let done = false;
    const outcome = all.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    void outcome.then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    await settle(1);
    expect(await outcome).toBe('part 2 failed');
    expect(started).toEqual([0, 1, 2]);
    expect(most).toBe(2);
    expect(await runParts([0, 1, 2], 2, async (part) => [part * 10])).toEqual([0, 10, 20]);
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
