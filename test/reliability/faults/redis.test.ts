import { quotaKeys, quotaPeriod } from '@quarry/contract';
import { expect, it } from 'vitest';
import { startPrivateRedis } from '../../src/private-redis.ts';
import { openControlProbe } from './control-probe.ts';
import {
  expectOnlyStatuses,
  expectStoredExactlyOnce,
  FaultLoad,
  isWellFormedUnavailable,
  type Outcome,
  readiness,
  report,
  runOutage,
  settlesTo,
} from './harness.ts';
import { openPipeline, startGateway, startWriter } from './pipeline.ts';

const records = (outcomes: Outcome[]) => outcomes.reduce((sum, o) => sum + o.ids.length, 0);

it('fails closed while Redis is down: no 202 uncounted, and counts match what was accepted after', async () => {
  const redis = await startPrivateRedis();
  const pipeline = await openPipeline({ redisUrl: redis.url });
  const { tenant } = pipeline;
  const [gateway, writer, control] = await Promise.all([
    startGateway(pipeline),
    startWriter(pipeline),
    openControlProbe(pipeline),
  ]);
  const load = new FaultLoad(gateway.url, tenant);
  const probes = { gateway: { status: 0, failing: [''] }, login: false as boolean | string, datasets: 0 };

  const times = await runOutage(load, {
    inject: () => redis.kill(),
    holdMs: 6_000,
    async whileDown() {
      probes.gateway = await readiness(gateway.url);
      const login = await control.request('POST', '/api/auth/login', {
        email: tenant.email,
        password: tenant.password,
      });
      probes.login = isWellFormedUnavailable(login) || JSON.stringify(login);
      probes.datasets = (await control.request('GET', `/api/datasets/${tenant.slug}`)).status;
    },
    recover: () => redis.start(),
  });

  // (a) Quotas and the log rate limit fail closed: no request sent while Redis was down was accepted.
  const down = load.within(times.down);
  expect(down.filter((o) => o.status === 202)).toEqual([]);
  expect(down.filter((o) => o.status === 503).length).toBeGreaterThan(0);
  // The gateway reports the counters not ready; the control API refuses logins (their throttle is in
  // Redis) with a 503 and keeps serving what needs only the catalog.
  expect(probes).toEqual({ gateway: { status: 503, failing: ['counters'] }, login: true, datasets: 200 });
  // (b) Only 202, or 503 with Retry-After in the contract's envelope.
  expectOnlyStatuses(load.outcomes, [202, 503]);

  // Usage equals the records answered 202, exactly: a reservation whose reply was lost at the kill
  // (it may have run) is cancelled once Redis is back, so the count settles to the accepted records.
  const period = quotaPeriod();
  const usage = async (bucket: 'datasets' | 'logs', owner: number) =>
    Number(await pipeline.counters.get(quotaKeys.total(bucket, owner, period)));
  const accepted = {
    datasets: records(load.outcomes.filter((o) => o.kind === 'dataset' && o.status === 202)),
    logs: records(load.outcomes.filter((o) => o.kind === 'log' && o.status === 202)),
  };
  const counted = {
    datasets: await settlesTo(() => usage('datasets', tenant.userId), accepted.datasets, 15_000),
    logs: await settlesTo(() => usage('logs', tenant.projectId), accepted.logs, 15_000),
  };
  expect(counted).toEqual(accepted);

  // (c) Every accepted record is stored once; no refused one is stored.
  expect(await writer.drain()).toBe(0);
  await control.close();
  const figures = await expectStoredExactlyOnce(pipeline, load.outcomes);
  expect(figures.refusedButStored).toBe(0);
  report('redis', { ...figures, counted, outageMs: times.outageMs });

  await gateway.stop();
  await pipeline.close();
}, 120_000);
