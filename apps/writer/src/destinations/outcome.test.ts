import { describe, expect, it } from 'vitest';
import { describeFailure, nextStep } from './outcome.ts';

const policy = { maxAttempts: 3, backoff: { baseMs: 100, maxMs: 1_000 } };

describe('nextStep', () => {
  it('retries a failure with a growing delay until the last attempt, then dead-letters it', () => {
    const failure = { ok: false as const, error: 'webhook answered 500' };
    expect(nextStep(failure, 1, policy, () => 1)).toEqual({
      kind: 'retry',
      error: 'webhook answered 500',
      delayMs: 100,
    });
    expect(nextStep(failure, 2, policy, () => 1)).toEqual({
      kind: 'retry',
      error: 'webhook answered 500',
      delayMs: 200,
    });
    expect(nextStep(failure, 3, policy)).toEqual({ kind: 'dead', error: 'webhook answered 500' });
  });

  it('dead-letters a permanent failure at once and honours Retry-After up to the cap', () => {
    expect(nextStep({ ok: false, error: 'unsupported', permanent: true }, 1, policy)).toEqual({
      kind: 'dead',
      error: 'unsupported',
    });
    const asked = nextStep({ ok: false, error: '429', retryAfterMs: 700 }, 1, policy, () => 0);
    expect(asked).toMatchObject({ kind: 'retry', delayMs: 700 });
    const capped = nextStep({ ok: false, error: '429', retryAfterMs: 60_000 }, 1, policy, () => 0);
    expect(capped).toMatchObject({ kind: 'retry', delayMs: 1_000 });
    expect(nextStep({ ok: true }, 3, policy)).toEqual({ kind: 'delivered' });
  });
});

describe('describeFailure', () => {
  it('names the error and its cause without a stack', () => {
    const error = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(describeFailure(error)).toBe('TypeError: fetch failed: connect ECONNREFUSED 127.0.0.1:1');
    expect(describeFailure('plain')).toBe('plain');
  });

  it('keeps the password and query of a destination URL out of the text', () => {
    const error = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: https://u:hook-pw@h.example/x?token=t-1',
    );
    expect(describeFailure(error)).toBe(
      'TypeError: Request cannot be constructed from a URL that includes credentials: https://u:[redacted]@h.example/x?[redacted]',
    );
  });
});
