import { describe, expect, it } from 'vitest';
import { gcraStep, retryAfterSeconds } from './gcra.ts';

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
});
