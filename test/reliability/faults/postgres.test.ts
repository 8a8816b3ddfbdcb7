import { changeIngestKey, createIngestKey } from '@quarry/control-plane';
import { expect, it } from 'vitest';
import { groupProgress } from '../../src/index.ts';
import { startPrivateRedis } from '../../src/private-redis.ts';
import { type ControlAnswer, openControlProbe } from './control-probe.ts';
import {
  expectOnlyStatuses,
  expectStoredExactlyOnce,
  FaultLoad,
  isWellFormedUnavailable,
  readiness,
  report,
  runOutage,
} from './harness.ts';
import { openPipeline, type Pipeline, startGateway, startWriter } from './pipeline.ts';
import { startPrivatePostgres } from './private-postgres.ts';

const post = async (url: string, apiKey: string, path: string) => {
  const body = [{ timestamp: '2026-06-10T10:00:00Z', context: {}, rid: 'never stored' }];
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
};

const UNKNOWN_DATASET = '/datasets/987654321/batch';

/** A second key of the tenant, revoked, and refused by the gateway before the outage begins. */
async function revokedKey(pipeline: Pipeline, gatewayUrl: string): Promise<string> {
  const { ctx, slug } = pipeline.tenant;
  const { apiKey, key } = await createIngestKey(ctx, slug, { name: 'revoked' });
  await changeIngestKey(ctx, slug, { id: key.id, action: 'revoke' });
  // The key is checked before the dataset: 403 once the revocation reached the gateway, 404 before.
  for (let tries = 0; (await post(gatewayUrl, apiKey, UNKNOWN_DATASET)).status !== 403; tries++) {
    if (tries > 100) throw new Error('the gateway never refused the revoked key');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return apiKey;
}

/** Messages the writer's group committed so far, per topic. */
const committed = async ({ brokers, group, topics }: Pipeline) => ({
  datasets: (await groupProgress(brokers, group, topics.datasets)).committed,
  logs: (await groupProgress(brokers, group, topics.logs)).committed,
});

/**
 * Whether the writer's group commits more of each topic than `before` while the catalog stays down:
 * polled until both moved or `withinMs` passed (a loaded machine may need more than a few seconds).
 */
async function progressOnBoth(
  pipeline: Pipeline,
  before: { datasets: number; logs: number },
  withinMs: number,
): Promise<{ datasets: boolean; logs: boolean }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const now = await committed(pipeline);
    const moved = { datasets: now.datasets > before.datasets, logs: now.logs > before.logs };
    if ((moved.datasets && moved.logs) || Date.now() > deadline) return moved;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('keeps ingesting from caches while PostgreSQL is down; the control API answers 503, never a 500', async () => {
  // A Redis of its own too: quota keys are named by catalog ids, and a private catalog's ids (from 1)
  // are the ones other test files' private catalogs use in the run's shared Redis.
  const [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const pipeline = await openPipeline({ databaseUrl: postgres.url, redisUrl: redis.url });
  const { tenant } = pipeline;
  const [gateway, writer, control] = await Promise.all([
    startGateway(pipeline),
    startWriter(pipeline),
    openControlProbe(pipeline),
  ]);
  const revoked = await revokedKey(pipeline, gateway.url);
  const load = new FaultLoad(gateway.url, tenant);
  const seen: Record<string, unknown> = {};
  const controlAnswers: ControlAnswer[] = [];

  const times = await runOutage(load, {
    // The writer looks a log project up in the catalog the first time it sees it and keeps the
    // answer; during the outage it can only write logs of projects it has looked up. The gateway's
    // first 202s do not mean it got that far: on a loaded machine its group may still be joining.
    async ready() {
      const wrote = await progressOnBoth(pipeline, { datasets: 0, logs: 0 }, 60_000);
      if (!wrote.datasets || !wrote.logs)
        throw new Error(`before the outage, the writer wrote ${JSON.stringify(wrote)}`);
    },
    inject: () => postgres.stop('immediate'),
    holdMs: 12_000,
    async whileDown() {
      const before = await committed(pipeline);
      seen.gatewayReady = await readiness(gateway.url);
      seen.writerReady = await readiness(writer.url);
      seen.revokedKey = (await post(gateway.url, revoked, UNKNOWN_DATASET)).status;
      seen.unknownDataset = await post(gateway.url, tenant.apiKey, UNKNOWN_DATASET);
      for (const [method, path, body] of [
        ['GET', `/api/datasets/${tenant.slug}`],
        ['GET', '/api/dashboard/me'],
        ['POST', `/api/datasets/${tenant.slug}`, { name: 'During the outage' }],
        ['POST', '/api/auth/login', { email: tenant.email, password: tenant.password }],
      ] as const) {
        controlAnswers.push(await control.request(method, path, body));
      }
      seen.writerKeptWriting = await progressOnBoth(pipeline, before, 30_000);
    },
    recover: () => postgres.start(),
  });

  // (a) The gateway needs the catalog only for what it has not cached: the tenant's dataset and key
  // keep working, a revocation made before the outage still applies, an unknown dataset cannot be
  // looked up (503), and it stays ready. The writer keeps writing datasets, and logs of a project it
  // has seen (its cached plan cannot change while the catalog is down); it reports the catalog.
  expect(seen).toEqual({
    gatewayReady: { status: 200, failing: [] },
    writerReady: { status: 503, failing: ['catalog'] },
    revokedKey: 403,
    unknownDataset: expect.objectContaining({ status: 503 }),
    writerKeptWriting: { datasets: true, logs: true },
  });
  expect(isWellFormedUnavailable(seen.unknownDataset as ControlAnswer)).toBe(true);
  // The control API answers every request with a 503 in the contract's envelope: no 500, no internals.
  expect(controlAnswers.filter((answer) => !isWellFormedUnavailable(answer))).toEqual([]);
  // (b) Ingest of the known dataset and key never failed: 202 only, before, during and after.
  expect(load.answeredDuring(times.down).length).toBeGreaterThan(20);
  expectOnlyStatuses(load.outcomes, [202]);

  // (c) After recovery the writer caught up, and every accepted record is stored exactly once.
  expect(await writer.drain()).toBe(0);
  await control.close();
  const figures = await expectStoredExactlyOnce(pipeline, load.outcomes);
  report('postgres', { ...figures, outageMs: times.outageMs });

  await gateway.stop();
  await pipeline.close();
}, 150_000);
