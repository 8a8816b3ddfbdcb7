import { describe, expect, it } from 'vitest';
import { backoffDelay, nextAttemptDelay, retryAfterMs } from './backoff.ts';

const backoff = { baseMs: 1_000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles per failure between half and all of the schedule', () => {
    expect(backoffDelay(1, backoff, () => 0)).toBe(500);
    expect(backoffDelay(1, backoff, () => 1)).toBe(1_000);
    expect(backoffDelay(2, backoff, () => 0)).toBe(1_000);
    expect(backoffDelay(4, backoff, () => 1)).toBe(8_000);
  });

  it('never exceeds the cap, however many failures', () => {
    expect(backoffDelay(7, backoff, () => 1)).toBe(60_000);
    expect(backoffDelay(1_000, backoff, () => 1)).toBe(60_000);
    expect(backoffDelay(1_000, backoff, () => 0)).toBe(30_000);
  });

  it('spreads retries: different random draws give different delays', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, backoff)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(8_000);
  });
});

describe('retryAfterMs and nextAttemptDelay', () => {
  it('reads seconds and HTTP dates, ignores anything else', () => {
    expect(retryAfterMs('5')).toBe(5_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(
      10_000,
    );
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('waits at least what the receiver asked, but no longer than the cap', () => {
    expect(nextAttemptDelay(1, backoff, 20_000, () => 0)).toBe(20_000);
    expect(nextAttemptDelay(1, backoff, 3_600_000, () => 0)).toBe(60_000);
    expect(nextAttemptDelay(3, backoff, undefined, () => 1)).toBe(4_000);
  });
});
