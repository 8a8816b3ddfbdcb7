import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Counters, usageKeyTtlSeconds } from './counters.ts';
import { createCounters } from './create-counters.ts';
import { keyspace, runRedisUrl } from './test-counters.ts';

describe('quota reservations racing on Redis', () => {
  // Several connections, as several gateway replicas would have.
  let replicas: Counters[];
  let inspector: Redis;
  const key = keyspace();
  beforeAll(() => {
    replicas = Array.from({ length: 5 }, () => createCounters({ kind: 'redis', url: runRedisUrl() }));
    inspector = new Redis(runRedisUrl());
  });
  afterAll(async () => {
    await Promise.all(replicas.map((counters) => counters.close()));
    await inspector?.quit();
  });

  it('never admits past the limit when 50 reservations race for the last 10 records', async () => {
    const keys = { limitKey: key('limit'), totalKey: key('total'), deltaKey: key('delta') };
    await replicas[0]?.reserveQuota({ ...keys, amount: 90, defaultLimit: 100 });
    const amounts = Array.from({ length: 50 }, (_, i) => 1 + (i % 3));
    const results = await Promise.all(
      amounts.map((amount, i) =>
        replicas[i % replicas.length]?.reserveQuota({ ...keys, amount, defaultLimit: 100 }),
      ),
    );
    const admitted = amounts.filter((_, i) => results[i]?.ok).reduce((sum, amount) => sum + amount, 0);
    expect(admitted).toBeLessThanOrEqual(10);
    expect(admitted).toBeGreaterThanOrEqual(9); // the last free records go to someone
    expect(Number(await inspector.get(keys.totalKey))).toBe(90 + admitted);
    expect(Number(await inspector.get(keys.deltaKey))).toBe(90 + admitted);
  });

  it('lets month usage keys expire about 40 days after their first use', async () => {
    const keys = { limitKey: key('ttl-limit'), totalKey: key('ttl-total'), deltaKey: key('ttl-delta') };
    await replicas[0]?.reserveQuota({ ...keys, amount: 1, defaultLimit: 100 });
    for (const usageKey of [keys.totalKey, keys.deltaKey]) {
      const ttl = await inspector.ttl(usageKey);
      expect(ttl).toBeGreaterThan(usageKeyTtlSeconds - 60);
      expect(ttl).toBeLessThanOrEqual(usageKeyTtlSeconds);
    }
  });
});
