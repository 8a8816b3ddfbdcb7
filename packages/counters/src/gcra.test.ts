import { describe, expect, it } from 'vitest';
import { gcraStep, gcraSteps, retryAfterSeconds } from './gcra.ts';

const limit = { key: 'k', ratePerSecond: 2, burst: 2 };

describe('GCRA step', () => {
  it('allows `burst` requests at one instant and refuses the next until an interval passes', () => {
    const first = gcraStep(undefined, 0, limit);
    const second = gcraStep(first.nextTat, 0, limit);
    const third = gcraStep(second.nextTat, 0, limit);
    expect([first.decision.allowed, second.decision.allowed, third.decision.allowed]).toEqual([
      true,
      true,
      false,
    ]);
    expect(third.nextTat).toBeUndefined();
    expect(gcraStep(second.nextTat, 500, limit).decision.allowed).toBe(true);
  });

  it('does not bank unused capacity beyond the burst', () => {
    const idle = gcraStep(0, 60_000, limit);
    expect(idle.nextTat).toBe(60_500);
  });

  it('rounds the wait up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_000)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
  });

  it('answers requests taken together exactly as the same requests one after the other', () => {
    const request = { key: 'k', ratePerSecond: 3, burst: 4 };
    for (const [storedTat, now, count] of [
      [undefined, 0, 6],
      [1_000, 0, 3],
      [1_000, 900, 5],
      [0, 60_000, 1],
      [2_000, 0, 2],
    ] as const) {
      let tat: number | undefined = storedTat;
      const oneByOne = Array.from({ length: count }, () => {
        const step = gcraStep(tat, now, request);
        tat = step.nextTat ?? tat;
        return step.decision;
      });
      const together = gcraSteps(storedTat, now, request, count);
      expect(together.decisions).toEqual(oneByOne);
      expect(together.nextTat).toBe(tat === storedTat ? undefined : tat);
    }
  });
});
