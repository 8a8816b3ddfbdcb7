import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { quotaKeys, quotaPeriod } from '@quarry/contract';
import { expect, it } from 'vitest';
import { startPrivateRedis } from '../../src/private-redis.ts';
import { settlesTo } from './harness.ts';
import { openPipeline, startGateway } from './pipeline.ts';

const run = promisify(execFile);

// The gateway's quota command times out (5 s) while Redis, stalled, still holds it: Redis runs it
// after the client was answered 503. Without a cancellation that charge would stay.
it('charges nothing for a request answered 503 because its quota reply came too late', async () => {
  const redis = await startPrivateRedis();
  const pipeline = await openPipeline({ redisUrl: redis.url });
  const gateway = await startGateway(pipeline);
  const { tenant } = pipeline;
  const send = (rid: string) =>
    fetch(`${gateway.url}/datasets/${tenant.datasetId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: '2026-06-10T10:00:00Z', context: {}, rid }),
    });
  const usage = async () =>
    Number(await pipeline.counters.get(quotaKeys.total('datasets', tenant.userId, quotaPeriod())));

  expect((await send('before')).status).toBe(202);
  const port = new URL(redis.url).port;
  await run('redis-cli', ['-p', port, 'CLIENT', 'PAUSE', '6500', 'ALL']);
  const stalled = await send('stalled');
  expect(stalled.status).toBe(503);
  expect(stalled.headers.get('retry-after')).toBe('5');

  expect(await settlesTo(usage, 1, 15_000)).toBe(1);
  expect((await send('after')).status).toBe(202);
  expect(await usage()).toBe(2);

  await gateway.stop();
  await pipeline.close();
}, 60_000);
