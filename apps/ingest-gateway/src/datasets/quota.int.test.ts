import { putMember, setUserQuota, signup, transferProject } from '@quarry/control-plane';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countersThroughRelay,
  createTenant,
  eventually,
  freePort,
  openTestBackends,
  orderRecord,
  startTestGateway,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from '../testing.ts';

const DEFAULT_QUOTA = 10;
const records = (count: number) => Array.from({ length: count }, () => orderRecord());
const period = () => new Date().toISOString().slice(0, 7);

describe('the monthly dataset record quota (contract §2 Quota)', () => {
  let backends: TestBackends;
  let gateway: TestGateway;
  /** A gateway whose broker is not there: every produce fails. */
  let stranded: TestGateway;
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startTestGateway(backends, { defaultDatasetQuota: DEFAULT_QUOTA });
    stranded = await startTestGateway(backends, {
      brokers: [`127.0.0.1:${await freePort()}`],
      bus: { retries: 1, connectionTimeoutMs: 300, requestTimeoutMs: 1_000 },
      ensureTopics: false,
      limits: { maxInFlight: 1 },
    });
  });
  afterAll(async () => {
    await Promise.all([gateway?.stop(), stranded?.stop()]);
    await backends?.close();
  });

  const tenantWithQuota = async (limit: number | null) => {
    const tenant = await createTenant(backends.control);
    if (limit !== null)
      await setUserQuota(backends.control, { userId: tenant.userId, bucket: 'datasets', limit });
    return tenant;
  };
  const sendBatch = (tenant: Tenant, count: number, via = gateway) =>
    via.post(`/datasets/${tenant.datasetId}/batch`, records(count), { apiKey: tenant.apiKey });
  const redis = (key: string) => backends.counters.get(key);

  it("counts accepted records under the owner's contract keys", async () => {
    const tenant = await tenantWithQuota(1_000);
    expect(await redis(`quota_limit:datasets:${tenant.userId}`)).toBe('1000');
    expect((await sendBatch(tenant, 3)).status).toBe(202);
    expect(
      (await gateway.post(`/datasets/${tenant.datasetId}`, orderRecord(), { apiKey: tenant.apiKey })).status,
    ).toBe(202);
    expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe('4');
    expect(await redis(`usage_delta:datasets:${tenant.userId}:${period()}`)).toBe('4');
  });

  it('applies the configured plan default when the owner has no limit of their own', async () => {
    const tenant = await tenantWithQuota(null);
    expect(await redis(`quota_limit:datasets:${tenant.userId}`)).toBeNull();
    expect((await sendBatch(tenant, DEFAULT_QUOTA)).status).toBe(202);
    expect((await sendBatch(tenant, 1)).status).toBe(429);
  });

  it('treats -1 as unlimited', async () => {
    const tenant = await tenantWithQuota(-1);
    for (let i = 0; i < 3; i++) expect((await sendBatch(tenant, 50)).status).toBe(202);
    expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe('150');
  });

  it('answers 429 with the limit, the usage and the period, and refuses a crossing batch whole', async () => {
    const tenant = await tenantWithQuota(10);
    expect((await sendBatch(tenant, 8)).status).toBe(202);

    const refused = await sendBatch(tenant, 3);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: 'Too Many Requests',
      message: 'Monthly dataset record quota exceeded',
      quota: { limit: 10, used: 8, requested: 3, period: period() },
    });
    expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe('8');

    const now = new Date();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Math.abs(retryAfter - (nextMonth - now.getTime()) / 1000)).toBeLessThan(5);

    expect((await sendBatch(tenant, 2)).status).toBe(202);
    expect(
      (await gateway.post(`/datasets/${tenant.datasetId}`, orderRecord(), { apiKey: tenant.apiKey })).body,
    ).toMatchObject({
      quota: { limit: 10, used: 10, requested: 1 },
    });
  });

  it('never over-admits when concurrent batches race for the last records', async () => {
    const tenant = await tenantWithQuota(100);
    expect((await sendBatch(tenant, 45)).status).toBe(202);
    expect((await sendBatch(tenant, 45)).status).toBe(202);

    const sizes = Array.from({ length: 40 }, (_, i) => 1 + (i % 3));
    const answers = await Promise.all(sizes.map((size) => sendBatch(tenant, size)));
    expect(answers.every((answer) => answer.status === 202 || answer.status === 429)).toBe(true);
    const admitted = sizes.filter((_, i) => answers[i]?.status === 202).reduce((sum, size) => sum + size, 0);
    expect(admitted).toBeLessThanOrEqual(10);
    expect(admitted).toBeGreaterThanOrEqual(8); // the free records went to someone
    expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe(String(90 + admitted));
    expect(await redis(`usage_delta:datasets:${tenant.userId}:${period()}`)).toBe(String(90 + admitted));
  });

  it('gives the usage back when the broker cannot take the records (503 with Retry-After)', async () => {
    const tenant = await tenantWithQuota(5);
    const failed = await sendBatch(tenant, 5, stranded);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(failed.body).toEqual({ error: 'Service Unavailable', message: 'Queue unavailable; retry later' });
    expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe('0');
    expect(await redis(`usage_delta:datasets:${tenant.userId}:${period()}`)).toBe('0');
    // the whole quota is still there
    expect((await sendBatch(tenant, 5)).status).toBe(202);
  });

  it('refuses with 503 while Redis is unreachable (quotas fail closed), and recovers', async () => {
    const tenant = await tenantWithQuota(100);
    const { relay, counters } = await countersThroughRelay();
    const viaRelay = await startTestGateway(backends, { counters, ensureTopics: false });
    try {
      expect((await sendBatch(tenant, 1, viaRelay)).status).toBe(202);
      await relay.cut();
      const refused = await sendBatch(tenant, 2, viaRelay);
      expect(refused.body).toEqual({
        error: 'Service Unavailable',
        message: 'Quota service unavailable; retry later',
      });
      expect(refused.headers.get('retry-after')).toBe('5');
      await relay.restore();
      await eventually(async () => (await sendBatch(tenant, 3, viaRelay)).status === 202, 10_000);
      expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe('4');
    } finally {
      await viaRelay.stop();
      await counters.close();
      await relay.cut().catch(() => undefined);
    }
  });

  it('charges the owner of the moment once the project is transferred, not the owner in the key', async () => {
    const tenant = await tenantWithQuota(100);
    expect((await sendBatch(tenant, 2)).status).toBe(202);
    const email = `heir-${tenant.slug}@example.com`;
    const heir = await signup(backends.control, { email, password: 'password123' });
    await setUserQuota(backends.control, { userId: heir.id, bucket: 'datasets', limit: 100 });
    await putMember(tenant.ctx, tenant.slug, { email, role: 'member' });
    await transferProject(tenant.ctx, tenant.slug, { email });
    // The same ingest key (its claims still name the first owner) now charges the heir.
    await eventually(async () => {
      expect((await sendBatch(tenant, 1)).status).toBe(202);
      return Number(await redis(`usage_total:datasets:${heir.id}:${period()}`)) > 0;
    });
    const before = Number(await redis(`usage_total:datasets:${tenant.userId}:${period()}`));
    expect((await sendBatch(tenant, 3)).status).toBe(202);
    expect(Number(await redis(`usage_total:datasets:${tenant.userId}:${period()}`))).toBe(before);
  });

  it('answers 503 Retry-After: 1 past the in-flight limit, and gives that usage back too', async () => {
    const tenant = await tenantWithQuota(100);
    const answers = await Promise.all([sendBatch(tenant, 2, stranded), sendBatch(tenant, 3, stranded)]);
    expect(answers.map((answer) => answer.status)).toEqual([503, 503]);
    const busy = answers.find((answer) => answer.body.message === 'Too many requests in flight; retry later');
    expect(busy?.headers.get('retry-after')).toBe('1');
    expect(await redis(`usage_total:datasets:${tenant.userId}:${period()}`)).toBe('0');
  });
});
