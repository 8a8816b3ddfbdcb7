import { createControlApp, createControlServices } from '@quarry/control-api';
import { createIngestKey, createProject, issuePat, setDestination, signup } from '@quarry/control-plane';
import { tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type IsolatedBackends,
  openIsolatedBackends,
  quietLogger,
  startTestGateway,
  unique,
} from '../src/index.ts';
import { LOOPBACK_RECEIVERS, startLogWriter, startReceiver, waitUntil } from '../src/logs.ts';

let backends: IsolatedBackends;
let warehouse: Warehouse;
let writer: Awaited<ReturnType<typeof startLogWriter>>;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // A catalog of its own: a writer of another test file would otherwise claim the webhook's lane.
  backends = await openIsolatedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('logs-e2e') });
  // The receiver listens on 127.0.0.1: refused unless the operator allows it.
  writer = await startLogWriter(backends, warehouse, { egress: { allowedCidrs: LOOPBACK_RECEIVERS } });
  hook = await startReceiver();
});

afterAll(async () => {
  await gateway?.stop();
  await writer?.stop();
  await hook?.close();
  await backends?.close();
  await warehouse?.close();
});

interface Found {
  id: string;
  message: string;
  level: string;
  metadata: unknown;
  traceId: string;
}

it('stores what /v1/logs and /v1/ingest accepted, finds it by search and delivers it to the webhook', async () => {
  const services = createControlServices({
    logger: quietLogger(),
    catalog: backends.catalog,
    warehouse,
    counters: backends.counters,
    signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
    destinationKey: testDestinationKey(),
  });
  const app = createControlApp(services);
  const user = await signup(services, {
    email: `e2e-${unique()}@test.quarry`,
    password: 'long enough password',
  });
  const ctx = { deps: services, actor: { userId: user.id } };
  const slug = `e2e-${unique()}`;
  await createProject(ctx, { slug });
  await setDestination(ctx, slug, { type: 'webhook', webhook_url: hook.url });
  const { apiKey } = await createIngestKey(ctx, slug, { name: 'e2e' });
  const { token } = await issuePat(services.db, user.id, 'e2e');
  // Started once the key exists: the gateway reads the signing keys' public halves at start.
  gateway = await startTestGateway(backends);

  const send = (path: string, body: unknown) =>
    fetch(`${gateway.server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'x-request-id': 'req_e2e',
      },
      body: JSON.stringify(body),
    });
  const batch = await send('/v1/logs', {
    events: [
      { message: 'checkout started', level: 'info', metadata: { cart: { items: 3 } }, env: 'prod' },
      { message: 'payment declined', level: 'error', timestamp: new Date().toISOString() },
    ],
  });
  expect([batch.status, await batch.json()]).toEqual([202, { accepted: 2 }]);
  const single = await send('/v1/ingest', { message: 'retrying payment', level: 'warn' });
  expect([single.status, await single.json()]).toEqual([202, { accepted: 1 }]);

  const found = await waitUntil(
    async () => {
      const response = await app.request(`/api/logs/${slug}/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ levels: ['error', 'warn', 'info'] }),
      });
      const { events } = (await response.json()) as { events: Found[] };
      return events.length === 3 ? events : undefined;
    },
    20_000,
    'three events found by search',
  );
  expect(found.map((event) => event.message).sort()).toEqual([
    'checkout started',
    'payment declined',
    'retrying payment',
  ]);
  expect(found.find((event) => event.message === 'checkout started')).toMatchObject({
    metadata: { cart: { items: 3 } },
    traceId: 'req_e2e',
  });
  await waitUntil(() => hook.messages().length === 3, 20_000, 'three events at the webhook');
  const delivered = hook.requests.flatMap((request) => request.body.events.map((event) => event.id));
  expect(delivered.sort()).toEqual(found.map((event) => event.id).sort());
});
