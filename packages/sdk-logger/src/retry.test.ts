import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs, retryPolicy } from './retry.ts';

describe('logger retries', () => {
  it('are on by default, and off only when turned off', () => {
    expect(retryDelayMs(retryPolicy(undefined), 1, 1, () => 0)).toBe(1_000);
    expect(retryDelayMs(retryPolicy(true), 1, 1, () => 0)).toBe(1_000);
    expect(retryDelayMs(retryPolicy(false), 1, 1, () => 0)).toBeNull();
  });

  it('back off exponentially with jitter when the server names no Retry-After', () => {
    const policy = retryPolicy(undefined);
    expect([1, 2, 3].map((retry) => retryDelayMs(policy, retry, undefined, () => 1))).toEqual([
      250, 500, 1_000,
    ]);
    expect(retryDelayMs(policy, 3, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 4, undefined, () => 0)).toBeNull();
  });

  it("wait at least the server's Retry-After, and give up when it is beyond maxDelayMs", () => {
    const policy = retryPolicy({ retries: 2, maxDelayMs: 5_000 });
    expect(retryDelayMs(policy, 1, 2, () => 0.5)).toBeGreaterThanOrEqual(2_000);
    expect(retryDelayMs(policy, 1, 6, () => 0)).toBeNull();
    expect(retryDelayMs(policy, 3, 1, () => 0)).toBeNull();
    expect(parseRetryAfter('7')).toBe(7);
  });
});
