import { describe, expect, it } from 'vitest';
import { caughtUp } from '../src/index.ts';

// The condition the writer tests wait on before they read a table. Summed over partitions (as it
// was), the first case counted as caught up: a partition committed past the end read for it (its
// producer still sending meanwhile) hid another partition still behind.
describe('a writer group caught up', () => {
  it('is not while a partition is behind, even when another was committed past the end read for it', () => {
    const partitions = [
      // 200 messages of another test arrived and were committed between the read of the end and of the commit.
      { partition: 0, committed: 1_200, end: 1_000 },
      { partition: 1, committed: 310, end: 500 },
    ];
    expect(partitions.reduce((sum, p) => sum + p.committed - p.end, 0)).toBeGreaterThanOrEqual(0);
    expect(caughtUp(partitions)).toBe(false);
  });

  it('is once every partition is committed up to its end (an empty one has nothing to commit)', () => {
    expect(
      caughtUp([
        { partition: 0, committed: 1_200, end: 1_000 },
        { partition: 1, committed: 500, end: 500 },
        { partition: 2, committed: 0, end: 0 },
      ]),
    ).toBe(true);
    expect(caughtUp([{ partition: 0, committed: 0, end: 1 }])).toBe(false);
  });
});
