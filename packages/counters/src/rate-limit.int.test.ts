import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counters } from './counters.ts';
import { createCounters } from './create-counters.ts';
import { countersBackends, keyspace, sleep } from './test-counters.ts';

describe.each(countersBackends)('rate limits on $title', ({ config }) => {
  let counters: Counters;
  const key = keyspace();
  beforeAll(() => {
    counters = createCounters(config());
  });
  afterAll(async () => {
    await counters?.close();
  });

  it('allows a burst at once, then refuses with a Retry-After in whole seconds', async () => {
    const limit = { key: key('burst'), ratePerSecond: 1, burst: 3 };
    const decisions = [];
    for (let i = 0; i < 4; i += 1) decisions.push(await counters.rateLimit(limit));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]?.retryAfterSeconds).toBe(1);
  });

  it('allows again once an emission interval has passed', async () => {
    const limit = { key: key('refill'), ratePerSecond: 20, burst: 1 };
    expect((await counters.rateLimit(limit)).allowed).toBe(true);
    expect((await counters.rateLimit(limit)).allowed).toBe(false);
    await sleep(60);
    expect((await counters.rateLimit(limit)).allowed).toBe(true);
  });

  it('keeps separate keys independent', async () => {
    const first = { key: key('first'), ratePerSecond: 1, burst: 1 };
    await counters.rateLimit(first);
    expect((await counters.rateLimit(first)).allowed).toBe(false);
    expect((await counters.rateLimit({ ...first, key: key('second') })).allowed).toBe(true);
  });

  it('takes requests together in one step: the burst allowed in order, the rest refused alike', async () => {
    const limit = { key: key('many'), ratePerSecond: 1, burst: 3 };
    expect((await counters.rateLimit(limit)).allowed).toBe(true);
    const decisions = await counters.rateLimitMany(limit, 4);
    expect(decisions).toEqual([
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: false, retryAfterSeconds: 1 },
      { allowed: false, retryAfterSeconds: 1 },
    ]);
    // What it allowed is spent for single requests too.
    expect((await counters.rateLimit(limit)).allowed).toBe(false);
    await expect(counters.rateLimitMany(limit, 0)).rejects.toThrow(RangeError);
  });

  it('refuses a non-positive rate or a fractional burst', async () => {
    await expect(counters.rateLimit({ key: key('bad'), ratePerSecond: 0, burst: 1 })).rejects.toThrow(
      RangeError,
    );
    await expect(counters.rateLimit({ key: key('bad'), ratePerSecond: 1, burst: 1.5 })).rejects.toThrow(
      RangeError,
    );
  });
});
