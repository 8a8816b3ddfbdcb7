import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Counters, QuotaStepError } from './counters.ts';
import { createRedisCounters } from './redis-counters.ts';
import { keyspace, runRedisUrl } from './test-counters.ts';

/**
 * A busy gateway's steps of every kind (quota reserves, a rate limit then a reserve, idempotency
 * writes) share one script call per round trip: one lane per kind made two or three.
 */
describe('Redis steps of every kind in flight share one script call', () => {
  let counters: Counters;
  let monitor: Redis;
  let admin: Redis;
  const key = keyspace();
  const prefix = key('');
  /** The script calls Redis ran for this suite's keys, as MONITOR saw them. */
  const calls: string[][] = [];
  const seen = new Set<string>();
  beforeAll(async () => {
    counters = createRedisCounters(runRedisUrl());
    // Loads the script first: a Redis that did not know it would see EVALSHA then EVAL for one call.
    await counters.setMany([{ key: key('warm-up'), value: '1', ttlSeconds: 60 }]);
    admin = new Redis(runRedisUrl());
    monitor = await admin.monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === 'lua' || !args.some((arg) => arg.startsWith(prefix))) return;
      if (args[0]?.toLowerCase().startsWith('eval')) calls.push(args);
      else for (const arg of args) seen.add(arg);
    });
  });
  afterAll(async () => {
    monitor?.disconnect();
    admin?.disconnect();
    await counters?.close();
  });

  /** Every command sent before it has reached MONITOR once this marker's GET has (one connection's order). */
  const settled = async (name: string) => {
    const marker = key(`marker:${name}`);
    await counters.get(marker);
    await expect.poll(() => seen.has(marker), { timeout: 5_000, interval: 10 }).toBe(true);
  };
  const quota = (name: string, limit: number, amount = 1) => ({
    limitKey: key(`quota_limit:${name}`),
    totalKey: key(`usage_total:${name}`),
    deltaKey: key(`usage_delta:${name}`),
    amount,
    defaultLimit: limit,
  });

  it('sends the first step at once and the others that arrived meanwhile in one call, each answered as alone', async () => {
    calls.length = 0;
    const first = counters.reserveQuota(quota('a', 10, 4));
    const claim = { key: key('idem:1'), value: 'pending', ttlSeconds: 60, onlyIfAbsent: true };
    const writes = counters.setMany([claim, { ...claim, value: 'again' }]);
    const refused = counters.reserveQuota(quota('a', 10, 7));
    const limited = counters.rateLimitThenReserve({
      rate: { key: key('rate:1'), ratePerSecond: 1, burst: 1 },
      quota: quota('b', 5, 5),
    });
    const overRate = counters.rateLimitThenReserve({
      rate: { key: key('rate:1'), ratePerSecond: 1, burst: 1 },
      quota: quota('b', 5, 1),
    });
    const answer = counters.setMany([{ key: key('idem:1'), value: 'done', ttlSeconds: 60 }]);

    expect(await first).toEqual({ ok: true, used: 4 });
    expect(await writes).toEqual([true, false]);
    expect(await refused).toEqual({ ok: false, limit: 10, used: 4 });
    expect(await limited).toEqual({ step: 'quota', reservation: { ok: true, used: 5 } });
    expect(await overRate).toEqual({ step: 'rate', decision: { allowed: false, retryAfterSeconds: 1 } });
    expect(await answer).toEqual([true]);
    expect(await counters.get(key('idem:1'))).toBe('done');
    await settled('mixed');
    expect(calls).toHaveLength(2);
  });

  it('fails only a step whose own keys make Redis fail, not the others of its call', async () => {
    calls.length = 0;
    // A list where the quota's total is expected: INCRBY fails on it inside the script.
    await admin.rpush(key('usage_total:listed'), 'x');
    const first = counters.setMany([{ key: key('idem:2'), value: 'first', ttlSeconds: 60 }]);
    const broken = counters.reserveQuota(quota('listed', 100));
    const brokenLimited = counters.rateLimitThenReserve({
      rate: { key: key('rate:2'), ratePerSecond: 1, burst: 5 },
      quota: quota('listed', 100),
    });
    const fine = counters.reserveQuota(quota('c', 100, 3));
    const write = counters.setMany([{ key: key('idem:3'), value: 'second', ttlSeconds: 60 }]);

    expect(await first).toEqual([true]);
    await expect(broken).rejects.toThrow(/failed in Redis: WRONGTYPE/);
    const limitedFailure = await brokenLimited.catch((error: unknown) => error);
    expect(limitedFailure).toBeInstanceOf(Error);
    // Answered as a failed trip was: the rate limit's outage, not the quota step's own failure.
    expect(limitedFailure).not.toBeInstanceOf(QuotaStepError);
    expect(await fine).toEqual({ ok: true, used: 3 });
    expect(await write).toEqual([true]);
    expect(await counters.get(key('idem:3'))).toBe('second');
    await settled('broken');
    expect(calls).toHaveLength(2);
  });
});
