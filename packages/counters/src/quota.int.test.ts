import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counters } from './counters.ts';
import { createCounters } from './create-counters.ts';
import { countersBackends, keyspace } from './test-counters.ts';

describe.each(countersBackends)('quotas on $title', ({ config }) => {
  let counters: Counters;
  const key = keyspace();
  const quota = (user: string) => ({
    limitKey: key(`quota_limit:datasets:${user}`),
    totalKey: key(`usage_total:datasets:${user}:2026-06`),
    deltaKey: key(`usage_delta:datasets:${user}:2026-06`),
  });
  beforeAll(() => {
    counters = createCounters(config());
  });
  afterAll(async () => {
    await counters?.close();
  });

  it('counts a reservation in both the month total and the delta', async () => {
    const keys = quota('counted');
    expect(await counters.reserveQuota({ ...keys, amount: 3, defaultLimit: 10 })).toEqual({
      ok: true,
      used: 3,
    });
    expect(await counters.reserveQuota({ ...keys, amount: 2, defaultLimit: 10 })).toEqual({
      ok: true,
      used: 5,
    });
    expect([await counters.get(keys.totalKey), await counters.get(keys.deltaKey)]).toEqual(['5', '5']);
  });

  it('refuses a whole batch that would cross the limit and counts none of it', async () => {
    const keys = quota('crossing');
    await counters.reserveQuota({ ...keys, amount: 8, defaultLimit: 10 });
    expect(await counters.reserveQuota({ ...keys, amount: 3, defaultLimit: 10 })).toEqual({
      ok: false,
      limit: 10,
      used: 8,
    });
    expect(await counters.reserveQuota({ ...keys, amount: 2, defaultLimit: 10 })).toEqual({
      ok: true,
      used: 10,
    });
    expect(await counters.get(keys.deltaKey)).toBe('10');
  });

  it('prefers the stored limit to the default, and -1 means unlimited', async () => {
    const limited = quota('stored-limit');
    await counters.set(limited.limitKey, '2');
    expect(await counters.reserveQuota({ ...limited, amount: 3, defaultLimit: 100 })).toMatchObject({
      ok: false,
      limit: 2,
    });
    const unlimited = quota('unlimited');
    await counters.set(unlimited.limitKey, '-1');
    expect(await counters.reserveQuota({ ...unlimited, amount: 1_000_000, defaultLimit: 10 })).toEqual({
      ok: true,
      used: 1_000_000,
    });
  });

  it('refuses a limit that is not a number, and amounts that are not positive integers', async () => {
    const keys = quota('garbage');
    await counters.set(keys.limitKey, 'lots');
    await expect(counters.reserveQuota({ ...keys, amount: 1, defaultLimit: 10 })).rejects.toThrow(
      /not a number/,
    );
    await expect(counters.reserveQuota({ ...quota('zero'), amount: 0, defaultLimit: 10 })).rejects.toThrow(
      RangeError,
    );
    await expect(counters.reserveQuota({ ...quota('half'), amount: 1.5, defaultLimit: 10 })).rejects.toThrow(
      RangeError,
    );
  });

  it('answers reservations made at once as it would one after the other, each failing alone', async () => {
    const keys = quota('at-once');
    const garbage = quota('at-once-garbage');
    await counters.set(garbage.limitKey, 'lots');
    const cancelled = { ...quota('at-once-cancelled'), reservationKey: key('quota_reservation:at-once') };
    await counters.cancelQuota({ ...cancelled, reservationKey: cancelled.reservationKey });
    const reserve = (request: Parameters<Counters['reserveQuota']>[0]) =>
      counters.reserveQuota(request).catch((error: Error) => error.message);
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => reserve({ ...keys, amount: 2, defaultLimit: 7 })),
      reserve({ ...garbage, amount: 1, defaultLimit: 7 }),
      reserve({ ...cancelled, amount: 1, defaultLimit: 7 }),
      reserve({ ...keys, amount: 1, defaultLimit: 7 }),
    ]);
    expect(answers).toEqual([
      { ok: true, used: 2 },
      { ok: true, used: 4 },
      { ok: true, used: 6 },
      { ok: false, limit: 7, used: 6 },
      expect.stringMatching(/not a number/),
      expect.stringMatching(/already cancelled/),
      { ok: true, used: 7 },
    ]);
    expect([await counters.get(keys.totalKey), await counters.get(keys.deltaKey)]).toEqual(['7', '7']);
  });

  it('gives a released reservation back, never below zero', async () => {
    const keys = quota('released');
    await counters.reserveQuota({ ...keys, amount: 4, defaultLimit: 10 });
    await counters.releaseQuota({ totalKey: keys.totalKey, deltaKey: keys.deltaKey, amount: 4 });
    expect([await counters.get(keys.totalKey), await counters.get(keys.deltaKey)]).toEqual(['0', '0']);
    await counters.releaseQuota({ totalKey: keys.totalKey, deltaKey: keys.deltaKey, amount: 1 });
    expect(await counters.get(keys.totalKey)).toBe('0');
  });

  it('cancels a reservation once, and a copy of it that runs after the cancellation charges nothing', async () => {
    const keys = quota('cancelled');
    const usage = async () => [await counters.get(keys.totalKey), await counters.get(keys.deltaKey)];
    const charged = { ...keys, amount: 3, defaultLimit: 100, reservationKey: key('quota_reservation:a') };
    await counters.reserveQuota(charged);
    const cancel = {
      reservationKey: charged.reservationKey,
      totalKey: keys.totalKey,
      deltaKey: keys.deltaKey,
    };
    await counters.cancelQuota(cancel);
    await counters.cancelQuota(cancel);
    expect(await usage()).toEqual(['0', '0']);
    // A reserve that never ran (lost before Redis) and then arrives late.
    const late = { ...charged, reservationKey: key('quota_reservation:b') };
    await counters.cancelQuota({ ...cancel, reservationKey: late.reservationKey });
    await expect(counters.reserveQuota(late)).rejects.toThrow('already cancelled');
    expect(await usage()).toEqual(['0', '0']);
  });

  it('keeps the charge of a settled reservation', async () => {
    const keys = quota('settled');
    const reservationKey = key('quota_reservation:settled');
    await counters.reserveQuota({ ...keys, amount: 2, defaultLimit: 100, reservationKey });
    counters.settleQuota(reservationKey);
    expect(await counters.get(keys.totalKey)).toBe('2');
  });

  it('subtracts exactly what a flush persisted, keeping increments made during the flush', async () => {
    const keys = quota('flushed');
    await counters.reserveQuota({ ...keys, amount: 5, defaultLimit: 100 });
    const persisted: number[] = [];
    const taken = await counters.takeDelta(keys.deltaKey, async (amount) => {
      persisted.push(amount);
      await counters.reserveQuota({ ...keys, amount: 2, defaultLimit: 100 });
    });
    expect([taken, persisted]).toEqual([5, [5]]);
    expect(await counters.get(keys.deltaKey)).toBe('2');
    expect(await counters.get(keys.totalKey)).toBe('7');
  });

  it('subtracts nothing when the durable write fails, and skips an empty delta', async () => {
    const keys = quota('failed-flush');
    await counters.reserveQuota({ ...keys, amount: 3, defaultLimit: 100 });
    const failing = counters.takeDelta(keys.deltaKey, async () => {
      throw new Error('catalog unavailable');
    });
    await expect(failing).rejects.toThrow('catalog unavailable');
    expect(await counters.get(keys.deltaKey)).toBe('3');
    let called = false;
    const empty = await counters.takeDelta(quota('empty').deltaKey, async () => {
      called = true;
    });
    expect([empty, called]).toEqual([0, false]);
  });
});
