import { execFileSync } from 'node:child_process';
import { createCounters } from '@quarry/counters';
import { startGateway } from '@quarry/ingest-gateway';
import { tempDir } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { expect, it } from 'vitest';
import { createTestDataset, openSharedBackends, quietLogger, unique } from '../../src/index.ts';
import { startPrivateRedis } from '../../src/private-redis.ts';

// Issue 15 item 4: Idempotency-Key records cannot fill the Redis that quotas need.
it('keeps Idempotency-Key records in their own evicting Redis: full, it drops old records and ingest goes on', {
  timeout: 120_000,
}, async () => {
  // Like infra/k8s-examples/redis-idempotency.yaml, scaled down to 2 MB.
  const redis = await startPrivateRedis({
    args: ['--appendonly', 'no', '--maxmemory', '2mb', '--maxmemory-policy', 'volatile-ttl'],
  });
  const port = new URL(redis.url).port;
  const info = (section: string, field: string) => {
    const text = execFileSync('redis-cli', ['-p', port, 'info', section], { encoding: 'utf8' });
    return Number(new RegExp(`${field}:(\\d+)`).exec(text)?.[1] ?? Number.NaN);
  };
  const backends = await openSharedBackends();
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('idempotency-redis') });
  const idempotencyCounters = createCounters({ kind: 'redis', url: redis.url });
  const gateway = await startGateway(
    {
      logger: quietLogger(),
      ...backends,
      idempotencyCounters,
      limits: { maxBodyBytes: 4 * 1024 * 1024, maxBatchRecords: 10_000, maxInFlight: 2_000 },
      quotaDefaults: { datasetRecordsPerMonth: -1, logsPerMonth: -1 },
      refresh: { keyStatusMs: 1_000, publicKeyMs: 5_000, unknownDatasetTtlMs: 500 },
    },
    { port: 0, host: '127.0.0.1' },
  );
  try {
    const dataset = await createTestDataset(backends, warehouse, { seq: 'number' });
    // Fill it to the brim with records of earlier requests (each with its TTL, as the gateway writes them).
    const fill =
      "for i = 1, 5000 do redis.call('SET', 'idem:earlier:' .. i, string.rep('x', 300), 'EX', 86400) end";
    execFileSync('redis-cli', ['-p', port, 'eval', fill, '0']);
    expect(info('memory', 'used_memory')).toBeGreaterThan(1_500_000);
    const run = unique();
    const statuses: number[] = [];
    for (let index = 0; index < 60; index++) {
      const response = await fetch(`${gateway.server.url}/datasets/${dataset.datasetId}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${dataset.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': `${run}-${index}`,
        },
        body: JSON.stringify({ timestamp: '2026-06-10T10:00:00Z', context: {}, seq: index }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(info('stats', 'evicted_keys')).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([202]));
    // The records are in the Redis of their own (the quota Redis is the run's shared one).
    const kept = await idempotencyCounters.scanKeys(`idem:*`);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(5_000 + statuses.length);
  } finally {
    await gateway.stop();
    await idempotencyCounters.close();
    await backends.bus.close();
    await backends.counters.close();
    await backends.catalog.close();
    await warehouse.close();
    await redis.kill();
  }
});
