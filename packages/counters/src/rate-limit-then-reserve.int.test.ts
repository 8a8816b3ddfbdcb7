import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Counters, QuotaStepError } from './counters.ts';
import { createCounters } from './create-counters.ts';
import { countersBackends, keyspace } from './test-counters.ts';

describe.each(countersBackends)('a rate limit then a quota in one step on $title', ({ config }) => {
  let counters: Counters;
  const key = keyspace();
  const request = (name: string, rate: { ratePerSecond: number; burst: number }, limit: number) => ({
    rate: { key: key(`rate_limit:logs:${name}`), ...rate },
    quota: {
      limitKey: key(`quota_limit:logs:${name}`),
      totalKey: key(`usage_total:logs:${name}:2026-06`),
      deltaKey: key(`usage_delta:logs:${name}:2026-06`),
      amount: 1,
      defaultLimit: limit,
    },
  });
  beforeAll(() => {
    counters = createCounters(config());
  });
  afterAll(async () => {
    await counters?.close();
  });

  it('answers as the rate limit then the quota one after the other: a rate refusal reserves nothing', async () => {
    const each = request('sequence', { ratePerSecond: 0.1, burst: 3 }, 2);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await counters.rateLimitThenReserve(each));
    expect(answers).toEqual([
      { step: 'quota', reservation: { ok: true, used: 1 } },
      { step: 'quota', reservation: { ok: true, used: 2 } },
      // Refused by the quota: the rate limit's allowance was spent, as when it ran first on its own.
      { step: 'quota', reservation: { ok: false, limit: 2, used: 2 } },
      { step: 'rate', decision: { allowed: false, retryAfterSeconds: 10 } },
    ]);
    expect(await counters.get(each.quota.totalKey)).toBe('2');
    expect(await counters.get(each.quota.deltaKey)).toBe('2');
    expect((await counters.rateLimit(each.rate)).allowed).toBe(false);
  });

  it('decides requests made at once in turn, each key and quota apart', async () => {
    const busy = request('busy', { ratePerSecond: 0.1, burst: 5 }, 3);
    const other = request('other', { ratePerSecond: 0.1, burst: 1 }, 10);
    const answers = await Promise.all([
      ...Array.from({ length: 7 }, () => counters.rateLimitThenReserve(busy)),
      counters.rateLimitThenReserve(other),
    ]);
    expect(answers.map((answer) => (answer.step === 'rate' ? 'rate' : answer.reservation.ok))).toEqual([
      true,
      true,
      true,
      false,
      false,
      'rate',
      'rate',
      true,
    ]);
    expect(await counters.get(busy.quota.totalKey)).toBe('3');
    expect(await counters.get(other.quota.totalKey)).toBe('1');
  });

  it('fails a quota step alone with QuotaStepError, after its rate step counted', async () => {
    const broken = request('broken', { ratePerSecond: 0.1, burst: 1 }, 10);
    await counters.set(broken.quota.limitKey, 'lots');
    const [failed, fine] = await Promise.allSettled([
      counters.rateLimitThenReserve(broken),
      counters.rateLimitThenReserve(request('fine', { ratePerSecond: 0.1, burst: 1 }, 10)),
    ]);
    expect(failed.status === 'rejected' && failed.reason).toBeInstanceOf(QuotaStepError);
    expect(fine).toEqual({
      status: 'fulfilled',
      value: { step: 'quota', reservation: { ok: true, used: 1 } },
    });
    expect(await counters.rateLimitThenReserve(broken)).toMatchObject({ step: 'rate' });
  });

  it('keeps a cancelled reservation from charging when its copy runs late', async () => {
    const late = request('late', { ratePerSecond: 100, burst: 10 }, 10);
    const quota = { ...late.quota, reservationKey: key('quota_reservation:late') };
    await counters.cancelQuota(quota);
    await expect(counters.rateLimitThenReserve({ ...late, quota })).rejects.toThrow(/already cancelled/);
    expect(await counters.get(late.quota.totalKey)).toBeNull();
  });
});
