import { logEventId } from '@quarry/pipeline';
import { tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsolatedBackends, openIsolatedBackends } from '../src/index.ts';
import {
  createLogProject,
  LOOPBACK_RECEIVERS,
  logEvent,
  produceLogs,
  startLogWriter,
  startReceiver,
  storedLogs,
  waitUntil,
} from '../src/logs.ts';

let backends: IsolatedBackends;
let warehouse: Warehouse;
let writer: Awaited<ReturnType<typeof startLogWriter>>;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
const MAX_ATTEMPTS = 4;

beforeAll(async () => {
  // A catalog of its own: a writer of another test file would otherwise claim these delivery lanes
  // too, with its own attempt bound and backoff, and the counts asserted here would be off.
  backends = await openIsolatedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('logs-webhook') });
  // The receivers listen on 127.0.0.1: the writer refuses it unless the operator allows it.
  writer = await startLogWriter(backends, warehouse, {
    delivery: { maxAttempts: MAX_ATTEMPTS },
    egress: { allowedCidrs: LOOPBACK_RECEIVERS },
  });
});

afterAll(async () => {
  await writer?.stop();
  for (const receiver of receivers) await receiver.close();
  await backends?.close();
  await warehouse?.close();
});

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

const webhook = (url: string) => ({ type: 'webhook', webhook_url: url });

async function deliveries(projectId: number) {
  const { rows } = await backends.catalog.query<{
    state: string;
    attempts: number;
    last_error: string | null;
  }>('SELECT state, attempts, last_error FROM log_deliveries WHERE project_id = $1 ORDER BY id', [projectId]);
  return rows;
}

describe('webhook destinations', () => {
  it('POSTs the events as JSON batches with their ids, and keeps them in the built-in store too', async () => {
    const hook = await receiver();
    const project = await createLogProject(backends, warehouse, { destination: webhook(hook.url) });
    await produceLogs(backends.bus, backends.topics, project.id, [
      [logEvent({ message: 'one', metadata: '{"user":{"id":42}}', env: 'prod' })],
      [logEvent({ message: 'two', level: 'error' }), logEvent({ message: 'three' })],
    ]);
    await waitUntil(() => hook.messages().length === 3, 15_000, 'three events at the webhook');

    const events = hook.requests.flatMap((request) => request.body.events);
    expect(events.map((event) => event.message)).toEqual(['one', 'two', 'three']);
    expect(events[0]).toMatchObject({
      level: 'info',
      metadata: { user: { id: 42 } },
      env: 'prod',
      source: '',
      traceId: 'req_0',
    });
    expect(events[0]?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    for (const request of hook.requests) {
      expect(request.body.project).toBe(project.slug);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['idempotency-key']).toMatch(/^qlog_[0-9a-f]{40}$/);
    }
    // The ids are the stored events' positions: a receiver can dedupe and correlate with search.
    const stored = await waitUntil(
      async () => {
        const rows = await storedLogs(warehouse, project.id);
        return rows.length === 3 ? rows : undefined;
      },
      10_000,
      'three stored rows',
    );
    expect(events.map((event) => event.id)).toEqual(stored.map((row) => row.position));
    expect(events.map((event) => event.id)[0]).toBe(logEventId(...splitId(stored[0]?.position)));
    await waitUntil(
      async () => (await deliveries(project.id)).every((row) => row.state === 'delivered'),
      5_000,
      'deliveries recorded as delivered',
    );
  });

  it('signs each request with the Standard Webhooks scheme and the secret answered when it was saved', async () => {
    const hook = await receiver((_request, index) => (index === 0 ? 500 : 200));
    const project = await createLogProject(backends, warehouse, { destination: webhook(hook.url) });
    expect(project.signingSecret).toMatch(/^whsec_/);
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'signed' })]]);
    await waitUntil(
      async () => (await deliveries(project.id))[0]?.state === 'delivered',
      15_000,
      'the signed delivery',
    );
    const verifier = new Webhook(project.signingSecret ?? '');
    expect(hook.requests).toHaveLength(2);
    for (const request of hook.requests) {
      const headers = request.headers as Record<string, string>;
      // webhook-id is the batch's idempotency key: the same on a retry, so receivers dedupe by it.
      expect(headers['webhook-id']).toBe(headers['idempotency-key']);
      expect(Number(headers['webhook-timestamp'])).toBeCloseTo(request.at / 1000, -1);
      expect(verifier.verify(request.raw, headers)).toEqual(request.body);
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(request.raw, headers),
      ).toThrow(WebhookVerificationError);
    }
  });

  it('retries a failing webhook with growing pauses, then delivers the same batch once it recovers', async () => {
    const hook = await receiver((_request, index) => (index < 3 ? 500 : 200));
    const project = await createLogProject(backends, warehouse, { destination: webhook(hook.url) });
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'eventually' })]]);
    await waitUntil(
      async () => (await deliveries(project.id))[0]?.state === 'delivered',
      15_000,
      'the delivery to succeed',
    );

    expect(hook.requests).toHaveLength(4);
    expect(hook.requests.map((request) => request.headers['x-quarry-delivery-attempt'])).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(new Set(hook.requests.map((request) => request.headers['idempotency-key'])).size).toBe(1);
    // Backoff 50 ms doubling to 200 ms, each wait at least half its step: 25, 50, 100 ms.
    const gaps = hook.requests.slice(1).map((request, i) => request.at - (hook.requests[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[1]).toBeGreaterThanOrEqual(50);
    expect(gaps[2]).toBeGreaterThanOrEqual(100);
    expect(await deliveries(project.id)).toEqual([{ state: 'delivered', attempts: 4, last_error: null }]);
  });

  it('dead-letters a delivery after the bounded attempts and goes on with the next', async () => {
    const hook = await receiver((request) =>
      request.body.events.some((event) => event.message === 'doomed') ? 503 : 200,
    );
    const project = await createLogProject(backends, warehouse, { destination: webhook(hook.url) });
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'doomed' })]]);
    await waitUntil(
      async () => (await deliveries(project.id))[0]?.state === 'dead',
      15_000,
      'a dead delivery',
    );
    expect(await deliveries(project.id)).toEqual([
      { state: 'dead', attempts: MAX_ATTEMPTS, last_error: 'webhook answered 503' },
    ]);
    expect(hook.requests).toHaveLength(MAX_ATTEMPTS);

    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'next' })]]);
    await waitUntil(
      async () => (await deliveries(project.id)).map((row) => row.state).join() === 'dead,delivered',
      15_000,
      'the next event delivered',
    );
    expect(hook.messages()).toEqual(['doomed', 'next']);
    // Dead-lettered deliveries stay stored and searchable.
    expect((await storedLogs(warehouse, project.id)).map((row) => row.message)).toEqual(['doomed', 'next']);
  });

  it('a slow webhook delays neither another project’s storage nor its delivery', async () => {
    let slowAnswered = 0;
    const slow = await receiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      slowAnswered = Date.now();
      return 200;
    });
    const fast = await receiver();
    const slowProject = await createLogProject(backends, warehouse, { destination: webhook(slow.url) });
    const fastProject = await createLogProject(backends, warehouse, { destination: webhook(fast.url) });

    await produceLogs(backends.bus, backends.topics, slowProject.id, [[logEvent({ message: 'slow-1' })]]);
    await waitUntil(() => slow.requests.length === 1, 10_000, 'the slow webhook to be called');
    await produceLogs(backends.bus, backends.topics, slowProject.id, [[logEvent({ message: 'slow-2' })]]);
    const sent = Date.now();
    await produceLogs(backends.bus, backends.topics, fastProject.id, [[logEvent({ message: 'fast' })]]);

    await waitUntil(() => fast.messages().includes('fast'), 10_000, 'the fast project delivered');
    const fastDelivered = Date.now();
    expect(fastDelivered - sent).toBeLessThan(1_500);
    expect(slowAnswered).toBe(0);
    await waitUntil(
      async () => (await storedLogs(warehouse, slowProject.id)).length === 2,
      5_000,
      'the slow project stored',
    );
    expect(slowAnswered).toBe(0);
    expect((await storedLogs(warehouse, fastProject.id)).map((row) => row.message)).toEqual(['fast']);

    await waitUntil(() => slow.messages().length === 2, 15_000, 'the slow project delivered, in order');
    expect(slow.messages()).toEqual(['slow-1', 'slow-2']);
  });
});

function splitId(position: string | undefined): [number, string, number] {
  const [partition, offset, index] = (position ?? '').split('-');
  return [Number(partition), offset ?? '', Number(index)];
}
