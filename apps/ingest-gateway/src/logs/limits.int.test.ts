import { createIngestKey, createProject, setProjectQuota } from '@quarry/control-plane';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countersThroughRelay,
  createTenant,
  eventually,
  freePort,
  openTestBackends,
  startTestGateway,
  type Tenant,
  type TestBackends,
} from '../testing.ts';
import { type LogTestGateway, startLogGateway, testTopics } from './log-test-gateway.ts';

const topics = testTopics();
const DEFAULT_QUOTA = 10;
const events = (count: number) => Array.from({ length: count }, (_, i) => ({ message: `event ${i}` }));
const period = () => new Date().toISOString().slice(0, 7);

describe('log quota per project and rate limit per key (contract §3)', () => {
  let backends: TestBackends;
  let gateway: LogTestGateway;
  /** A gateway whose broker is not there: every produce fails. */
  let stranded: LogTestGateway;
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startLogGateway(backends, { topics, defaultLogsQuota: DEFAULT_QUOTA });
    stranded = await startLogGateway(backends, {
      topics,
      brokers: [`127.0.0.1:${await freePort()}`],
      bus: { retries: 1, connectionTimeoutMs: 300, requestTimeoutMs: 1_000 },
      ensureTopics: false,
    });
  });
  afterAll(async () => {
    await Promise.all([gateway?.stop(), stranded?.stop()]);
    await backends?.close();
  });

  const redis = (key: string) => backends.counters.get(key);
  const tenantWithQuota = async (limit: number | null) => {
    const tenant = await createTenant(backends.control);
    if (limit !== null) await setProjectQuota(backends.control, { projectId: tenant.projectId, limit });
    return tenant;
  };
  const send = (tenant: { apiKey: string }, count: number, via = gateway) =>
    via.logs(events(count), { apiKey: tenant.apiKey });

  describe('quota', () => {
    it("counts accepted events under the project's keys, not the owner's", async () => {
      const tenant = await tenantWithQuota(1_000);
      expect(await redis(`quota_limit:logs:${tenant.projectId}`)).toBe('1000');
      expect((await send(tenant, 3)).status).toBe(202);
      expect((await gateway.post('/v1/ingest', { message: 'm' }, { apiKey: tenant.apiKey })).status).toBe(
        202,
      );
      expect(await redis(`usage_total:logs:${tenant.projectId}:${period()}`)).toBe('4');
      expect(await redis(`usage_delta:logs:${tenant.projectId}:${period()}`)).toBe('4');
      // The dataset bucket is untouched.
      expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBeNull();
    });

    it('gives each project of one owner a quota of its own', async () => {
      const tenant = await tenantWithQuota(5);
      const second = await createProject(tenant.ctx, { slug: `${tenant.slug}-b` });
      await setProjectQuota(backends.control, { projectId: second.id, limit: 5 });
      const { apiKey } = await createIngestKey(tenant.ctx, second.slug, { name: 'second' });
      expect((await send(tenant, 5)).status).toBe(202);
      expect((await send(tenant, 1)).status).toBe(429);
      expect((await send({ apiKey }, 5)).status).toBe(202);
    });

    it('applies the plan default when the project has no limit, and -1 means unlimited', async () => {
      const plain = await tenantWithQuota(null);
      expect(await redis(`quota_limit:logs:${plain.projectId}`)).toBeNull();
      expect((await send(plain, DEFAULT_QUOTA)).status).toBe(202);
      expect((await send(plain, 1)).status).toBe(429);

      const unlimited = await tenantWithQuota(-1);
      for (let i = 0; i < 3; i++) expect((await send(unlimited, 100)).status).toBe(202);
      expect(await redis(`usage_total:logs:${unlimited.projectId}:${period()}`)).toBe('300');
    });

    it('answers 429 with the limit, the usage, the request and the period, refusing a crossing batch whole', async () => {
      const tenant = await tenantWithQuota(10);
      expect((await send(tenant, 8)).status).toBe(202);
      const refused = await send(tenant, 3);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: 'Too Many Requests',
        message: 'Monthly log quota exceeded',
        quota: { limit: 10, used: 8, requested: 3, period: period() },
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await redis(`usage_total:logs:${tenant.projectId}:${period()}`)).toBe('8');
      expect((await send(tenant, 2)).status).toBe(202);
    });

    it('never over-admits when concurrent requests race for the last events', async () => {
      const tenant = await tenantWithQuota(100);
      expect((await send(tenant, 90)).status).toBe(202);
      const sizes = Array.from({ length: 30 }, (_, i) => 1 + (i % 3));
      const answers = await Promise.all(sizes.map((size) => send(tenant, size)));
      expect(answers.every((answer) => answer.status === 202 || answer.status === 429)).toBe(true);
      const admitted = sizes
        .filter((_, i) => answers[i]?.status === 202)
        .reduce((sum, size) => sum + size, 0);
      expect(admitted).toBeLessThanOrEqual(10);
      expect(admitted).toBeGreaterThanOrEqual(8);
      expect(await redis(`usage_total:logs:${tenant.projectId}:${period()}`)).toBe(String(90 + admitted));
    });

    it('answers 503 with Retry-After when the broker cannot take the events, and gives the quota back', async () => {
      const tenant = await tenantWithQuota(5);
      const failed = await send(tenant, 5, stranded);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('5');
      expect(failed.body).toEqual({
        error: 'Service Unavailable',
        message: 'Queue unavailable; retry later',
      });
      expect(await redis(`usage_total:logs:${tenant.projectId}:${period()}`)).toBe('0');
      expect((await send(tenant, 5)).status).toBe(202);
    });
  });

  it('answers 503 from the rate limiter while Redis is unreachable, charges nothing, and recovers', async () => {
    const tenant = await tenantWithQuota(100);
    const { relay, counters } = await countersThroughRelay();
    const viaRelay = await startTestGateway(backends, { counters });
    const ingest = () => viaRelay.post('/v1/ingest', { message: 'm' }, { apiKey: tenant.apiKey });
    try {
      expect((await ingest()).status).toBe(202);
      await relay.cut();
      const refused = await ingest();
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({
        error: 'Service Unavailable',
        message: 'Rate limiter unavailable; retry later',
      });
      expect(refused.headers.get('retry-after')).toBe('5');
      await relay.restore();
      await eventually(async () => (await ingest()).status === 202, 10_000);
      await eventually(
        async () => (await redis(`usage_total:logs:${tenant.projectId}:${period()}`)) === '2',
        10_000,
      );
    } finally {
      await viaRelay.stop();
      await counters.close();
      await relay.cut().catch(() => undefined);
    }
  });

  describe('rate limit', () => {
    let slow: LogTestGateway;
    let limited: LogTestGateway;
    let twin: LogTestGateway;
    const SLOW = { ratePerSecond: 1, burst: 3 };
    const RATE = { ratePerSecond: 5, burst: 5 };
    beforeAll(async () => {
      slow = await startLogGateway(backends, { topics, logRateLimit: SLOW });
      // Two replicas sharing Redis, as in a deployment.
      limited = await startLogGateway(backends, { topics, logRateLimit: RATE });
      twin = await startLogGateway(backends, { topics, logRateLimit: RATE });
    });
    afterAll(async () => {
      await Promise.all([slow?.stop(), limited?.stop(), twin?.stop()]);
    });

    it('answers 429 with Retry-After past the burst, per key, and admits again after the wait', async () => {
      const [tenant, other] = [await createTenant(backends.control), await createTenant(backends.control)];
      const answers = [];
      for (let i = 0; i < SLOW.burst + 1; i++) answers.push(await send(tenant, 1, slow));
      expect(answers.slice(0, SLOW.burst).map((answer) => answer.status)).toEqual(
        Array(SLOW.burst).fill(202),
      );
      const refused = answers.at(-1);
      expect(refused?.status).toBe(429);
      expect(refused?.body).toEqual({
        error: 'Too Many Requests',
        message: 'Rate limit exceeded for this API key; retry later',
      });
      expect(refused?.headers.get('retry-after')).toBe('1');
      // Another key has its own allowance; the refused key gets one back after Retry-After.
      expect((await send(other, 1, slow)).status).toBe(202);
      // Admitted again once the allowance is back (a refused request spends none), within Retry-After.
      await eventually(async () => (await send(tenant, 1, slow)).status === 202, 5_000);
      expect((await send(tenant, 1, slow)).status).toBe(429);
    });

    it('answers a refused key 429 before anything about its body, and charges its quota nothing', async () => {
      const tenant = await tenantWithQuota(100);
      for (let i = 0; i < SLOW.burst; i++) expect((await send(tenant, 1, slow)).status).toBe(202);
      const exceeded = {
        error: 'Too Many Requests',
        message: 'Rate limit exceeded for this API key; retry later',
      };
      const refusals = [
        await send(tenant, 1, slow),
        await slow.post('/v1/ingest', { message: 'one' }, { apiKey: tenant.apiKey }),
        await slow.post('/v1/ingest', '{"message":', { apiKey: tenant.apiKey }),
        await slow.post('/v1/ingest', { level: 'loud' }, { apiKey: tenant.apiKey }),
        await slow.post('/v1/logs', { events: [] }, { apiKey: tenant.apiKey }),
      ];
      for (const refused of refusals) {
        expect(refused.status).toBe(429);
        expect(refused.body).toEqual(exceeded);
        expect(refused.headers.get('retry-after')).toBe('1');
      }
      expect(await redis(`usage_total:logs:${tenant.projectId}:${period()}`)).toBe(String(SLOW.burst));
    });

    it('admits exactly the burst of concurrent requests of one key, however their steps are shared', async () => {
      // Requests that arrive while the key's step is in flight share the next one (SharedTrips);
      // how many share depends on scheduling, the decisions must not.
      const busy = await startLogGateway(backends, {
        topics,
        logRateLimit: { ratePerSecond: 0.1, burst: 10 },
      });
      try {
        const tenant = await createTenant(backends.control);
        const answers = await Promise.all(Array.from({ length: 40 }, () => send(tenant, 1, busy)));
        const statuses = answers.map((answer) => answer.status);
        expect(statuses.filter((status) => status === 202)).toHaveLength(10);
        expect(statuses.filter((status) => status === 429)).toHaveLength(30);
        const refused = answers.find((answer) => answer.status === 429);
        expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      } finally {
        await busy.stop();
      }
    });

    it('holds across two gateway instances: the combined admitted count stays within rate × time + burst', async () => {
      const tenant: Tenant = await createTenant(backends.control);
      const counts = new Map<string, number>();
      const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
      const started = performance.now();
      const until = started + 3_000;
      const sender = async (via: LogTestGateway, name: string) => {
        while (performance.now() < until) {
          const answer = await send(tenant, 1, via);
          expect([202, 429]).toContain(answer.status);
          count(`${name} ${answer.status}`);
        }
      };
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? sender(limited, 'a') : sender(twin, 'b'))),
      );
      const seconds = (performance.now() - started) / 1000;
      const admitted = (counts.get('a 202') ?? 0) + (counts.get('b 202') ?? 0);
      const sent = [...counts.values()].reduce((sum, each) => sum + each, 0);
      const bound = RATE.burst + RATE.ratePerSecond * seconds;
      // Limits per instance would admit up to twice the bound; the senders asked for far more than that.
      expect(sent).toBeGreaterThan(2 * bound);
      expect(admitted).toBeLessThanOrEqual(Math.ceil(bound) + 1);
      expect(admitted).toBeGreaterThanOrEqual(RATE.burst + RATE.ratePerSecond * (seconds - 1));
      for (const name of ['a 202', 'a 429', 'b 202', 'b 429'])
        expect(counts.get(name) ?? 0).toBeGreaterThan(0);
    });
  });
});
