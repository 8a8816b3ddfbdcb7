import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, parseRetryAfter, retryDelayMs, retryPolicy } from './retry.ts';

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-06-10T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 10 Jun 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 10 Jun 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retry delays', () => {
  const policy = retryPolicy({ retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 });

  it("never retries sooner than the server's Retry-After, and spreads clients out above it", () => {
    expect(retryDelayMs(policy, 1, 5, () => 0)).toBe(5_000);
    expect(retryDelayMs(policy, 1, 5, () => 1)).toBe(6_000);
  });

  it('gives up when Retry-After is beyond the longest wait (a monthly quota says next month)', () => {
    expect(retryDelayMs(policy, 1, 2_000_000, () => 0.5)).toBeNull();
  });

  it('backs off exponentially with jitter when the server names no time, up to the bound', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 3, undefined, () => 1)).toBe(400);
    expect(retryDelayMs({ ...policy, retries: 20 }, 20, undefined, () => 1)).toBe(10_000);
  });

  it('stops after the configured number of retries, and `false` turns retrying off', () => {
    expect(retryDelayMs(policy, 4, 1, () => 0)).toBeNull();
    expect(retryDelayMs(retryPolicy(false), 1, 1, () => 0)).toBeNull();
    expect(retryPolicy(undefined)).toEqual(DEFAULT_RETRY);
  });
});
