import { describe, expect, it } from 'vitest';
import { LogThrottle } from './log-throttle.ts';

describe('LogThrottle', () => {
  it('lets the first line of a key through, holds the rest back for the interval, then reports them', () => {
    let now = 0;
    const throttle = new LogThrottle(10_000, () => now);
    expect(throttle.admit('Queue unavailable')).toEqual({ log: true, held: 0 });
    for (let i = 0; i < 5; i++) expect(throttle.admit('Queue unavailable').log).toBe(false);
    expect(throttle.admit('Catalog unavailable')).toEqual({ log: true, held: 0 });
    now = 10_000;
    expect(throttle.admit('Queue unavailable')).toEqual({ log: true, held: 5 });
    expect(throttle.admit('Queue unavailable').log).toBe(false);
  });
});
