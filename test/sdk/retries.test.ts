import { randomUUID } from 'node:crypto';
import { type Bus, createBus } from '@quarry/bus';
import {
  type ControlPlaneDeps,
  catalogDb,
  createDataset,
  createIngestKey,
  createKeyring,
  createProject,
  DEFAULT_PLANS,
  registerSchema,
  setUserQuota,
  signup,
} from '@quarry/control-plane';
import { type RunningGateway, startGateway } from '@quarry/ingest-gateway';
import { type RunningKafka, startKafka } from '@quarry/local-stack';
import { decodeDatasetEnvelope, decodeLogEnvelope, type Topics, topicSpecs } from '@quarry/pipeline';
import { createQuarry, defineSchema, QuarryError, type RecordOf } from '@quarry/sdk-datasets';
import { createLogger, QuarryLogError } from '@quarry/sdk-logger';
import { tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSharedBackends, quietLogger, unique } from '../src/index.ts';
import { eventually, recordingFetch } from './helpers.ts';

// Retries against real refusals: a monthly quota in Redis (429), a per-key log rate limit in Redis
// (429), and a Kafka broker that is stopped and started again (503). Nothing here is simulated.
const events = defineSchema({ plan: 'string', amount: 'number' });
const record = (plan: string): RecordOf<typeof events> => ({
  timestamp: '2026-06-10T10:00:00Z',
  context: {},
  plan,
  amount: 1,
});
const records = (plan: string, count: number) => Array.from({ length: count }, () => record(plan));

describe('SDK retries against real 429s and 503s', () => {
  let backends: Awaited<ReturnType<typeof openSharedBackends>>;
  let warehouse: Warehouse;
  let control: ControlPlaneDeps;
  let gateway: RunningGateway;
  const stops: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    backends = await openSharedBackends();
    warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('sdk-retries-wh') });
    const db = catalogDb(backends.catalog);
    control = {
      db,
      warehouse,
      counters: backends.counters,
      keyring: createKeyring(db, testSigningKeyEncryptionKey()),
      destinationKey: testDestinationKey(),
      plans: DEFAULT_PLANS,
    };
    gateway = await gatewayOn(backends.bus, backends.topics);
    stops.push(() => gateway.stop());
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await warehouse?.close();
    await backends?.bus.close();
    await backends?.counters.close();
    await backends?.catalog.close();
  });

  /** Logs limited to one request a second per key, so a second request at once is a real 429. */
  function gatewayOn(bus: Bus, topics: Topics) {
    return startGateway(
      {
        logger: quietLogger(),
        bus,
        catalog: backends.catalog,
        counters: backends.counters,
        topics,
        limits: { maxBodyBytes: 4 * 1024 * 1024, maxBatchRecords: 10_000, maxInFlight: 2_000 },
        quotaDefaults: { datasetRecordsPerMonth: -1, logsPerMonth: -1 },
        refresh: { keyStatusMs: 1_000, publicKeyMs: 5_000, unknownDatasetTtlMs: 500 },
        logRateLimit: { ratePerSecond: 1, burst: 1 },
      },
      { port: 0, host: '127.0.0.1' },
    );
  }

  async function tenant(datasetQuota: number) {
    const user = await signup(control, {
      email: `sdk-${unique()}@test.quarry`,
      password: 'long enough password',
    });
    const ctx = { deps: control, actor: { userId: user.id } };
    const slug = `p-${unique()}`;
    await createProject(ctx, { slug });
    const dataset = await createDataset(ctx, slug, { name: 'Events' });
    await registerSchema(ctx, slug, dataset.id, { fields: { ...events.fields } });
    await setUserQuota(control, { userId: user.id, bucket: 'datasets', limit: datasetQuota });
    const { apiKey } = await createIngestKey(ctx, slug, { name: 'sdk' });
    return { userId: user.id, slug, datasetId: dataset.id, apiKey };
  }

  /** Every row of the datasets topic, and every event of the logs topic, as the broker holds them. */
  async function readTopics(
    bus: Bus,
    topics: Topics,
    enough: (plans: string[], messages: string[]) => boolean,
  ) {
    const plans: string[] = [];
    const messages: string[] = [];
    const consumer = bus.consumer();
    await consumer.run({
      topics: [topics.datasets, topics.logs],
      groupId: `sdk-retries-${randomUUID()}`,
      async eachBatch(batch) {
        for (const message of batch.messages) {
          const dataset = decodeDatasetEnvelope(message.value);
          if (dataset.ok) for (const row of dataset.envelope.rows) plans.push(String(row.plan));
          const log = decodeLogEnvelope(message.value);
          if (log.ok) for (const event of log.envelope.events) messages.push(event.message);
        }
      },
    });
    try {
      await eventually(async () => enough(plans, messages), Boolean, 20_000);
      // Anything stored twice would be there by now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return { plans, messages };
    } finally {
      await consumer.stop();
    }
  }

  it('datasets: a 429 whose Retry-After is past the longest wait fails at once, with the quota details', async () => {
    const owner = await tenant(5);
    const wire = recordingFetch();
    const client = createQuarry({
      controlUrl: 'http://unused.invalid',
      ingestUrl: gateway.server.url,
      project: owner.slug,
      apiKey: owner.apiKey,
      fetch: wire.fetch,
    });
    const dataset = client.dataset(owner.datasetId, events);
    await dataset.sendBatch(records('quota', 3));
    const refused = await dataset.sendBatch(records('quota', 3)).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(QuarryError);
    const error = refused as QuarryError;
    expect({
      status: error.status,
      message: error.message,
      attempts: error.attempts,
      records: error.records,
    }).toEqual({
      status: 429,
      message: 'Monthly dataset record quota exceeded',
      attempts: 1,
      records: 3,
    });
    expect(error.details.quota).toMatchObject({ limit: 5, used: 3, requested: 3 });
    // The quota frees up next month: waiting that out inside a flush would hang the caller.
    expect(String(error.retryAfter)).toBe(wire.exchanges[1]?.answer?.get('retry-after'));
    expect(error.retryAfter).toBeGreaterThan(30);
    expect(wire.exchanges.map((exchange) => exchange.status)).toEqual([202, 429]);

    await setUserQuota(control, { userId: owner.userId, bucket: 'datasets', limit: 100 });
    await eventually(
      () =>
        dataset.sendBatch(records('quota', 3)).then(
          () => true,
          () => false,
        ),
      Boolean,
      10_000,
    );
  });

  it('logger: a real 429 is retried by default after its Retry-After, or rejects the flush with it when retry is off', async () => {
    const owner = await tenant(-1);
    const marker = `rate-${unique()}`;
    const wire = recordingFetch();
    const base = {
      ingestUrl: gateway.server.url,
      apiKey: owner.apiKey,
      fetch: wire.fetch,
      flushOnExit: false,
    };
    const plain = createLogger({ ...base, retry: false, onError: () => undefined });
    plain.info(`${marker} first`);
    await plain.flush();
    plain.info(`${marker} refused`);
    const refused = (await plain.flush().catch((error: unknown) => error)) as QuarryLogError;
    expect(refused).toBeInstanceOf(QuarryLogError);
    const retryAfter = wire.exchanges.at(-1)?.answer?.get('retry-after');
    expect(wire.exchanges.map((exchange) => exchange.status)).toEqual([202, 429]);
    expect(retryAfter).toMatch(/^\d+$/);
    expect(refused.message).toBe(`Too many requests; retry after ${retryAfter} seconds`);
    expect({ status: refused.status, retryAfter: refused.retryAfter, events: refused.events }).toEqual({
      status: 429,
      retryAfter: Number(retryAfter),
      events: 1,
    });

    const retrying = createLogger(base);
    const before = wire.exchanges.length;
    retrying.info(`${marker} retried`);
    await retrying.flush();
    const attempts = wire.exchanges.slice(before);
    expect(attempts.map((exchange) => exchange.status)).toEqual([429, 202]);
    expect(attempts[0]?.headers.get('idempotency-key')).toBe(attempts[1]?.headers.get('idempotency-key'));

    const { messages } = await readTopics(backends.bus, backends.topics, (_, found) =>
      found.includes(`${marker} retried`),
    );
    expect(messages.filter((message) => message.startsWith(marker)).sort()).toEqual([
      `${marker} first`,
      `${marker} retried`,
    ]);
  });

  it('datasets: a broker outage answers 503, and the batch is retried until the broker is back, stored once', async () => {
    const dataDir = await tempDir('sdk-retries-kafka');
    let kafka: RunningKafka = await startKafka({ dataDir });
    stops.push(() => kafka.stop());
    const brokers = kafka.brokers;
    const bus = await createBus({
      kind: 'kafka',
      brokers,
      clientId: `sdk-outage-${unique()}`,
      retries: 2,
      connectionTimeoutMs: 500,
      requestTimeoutMs: 2_000,
    });
    stops.push(() => bus.close());
    await bus.admin.ensureTopics(topicSpecs(backends.topics));
    const outageGateway = await gatewayOn(bus, backends.topics);
    stops.push(() => outageGateway.stop());
    const owner = await tenant(-1);
    const marker = `outage-${unique()}`;
    const wire = recordingFetch();
    const options = {
      controlUrl: 'http://unused.invalid',
      ingestUrl: outageGateway.server.url,
      project: owner.slug,
      apiKey: owner.apiKey,
      fetch: wire.fetch,
    };
    const dataset = createQuarry({ ...options, retry: { retries: 12, maxDelayMs: 30_000 } }).dataset(
      owner.datasetId,
      events,
    );
    await dataset.sendBatch(records(`${marker}-before`, 2));

    await kafka.stop();
    const noRetry = createQuarry({ ...options, retry: false }).dataset(owner.datasetId, events);
    const refused = (await noRetry
      .sendBatch(records(`${marker}-refused`, 1))
      .catch((e: unknown) => e)) as QuarryError;
    expect({ status: refused.status, message: refused.message, retryAfter: refused.retryAfter }).toEqual({
      status: 503,
      message: 'Queue unavailable; retry later',
      retryAfter: 5,
    });

    const before = wire.exchanges.length;
    const delivered = dataset.sendBatch(records(marker, 5));
    await eventually(
      async () => wire.exchanges.slice(before).some((exchange) => exchange.status === 503),
      Boolean,
    );
    kafka = await startKafka({ dataDir, port: Number(brokers[0]?.split(':')[1]) });
    await delivered;

    const attempts = wire.exchanges.slice(before);
    expect(attempts.at(-1)?.status).toBe(202);
    expect(attempts.slice(0, -1).every((exchange) => exchange.status === 503)).toBe(true);
    expect(new Set(attempts.map((exchange) => exchange.headers.get('idempotency-key'))).size).toBe(1);
    const { plans } = await readTopics(
      bus,
      backends.topics,
      (found) => found.filter((p) => p === marker).length >= 5,
    );
    expect(plans.filter((plan) => plan === marker)).toHaveLength(5);
    expect(plans.filter((plan) => plan === `${marker}-refused`)).toHaveLength(0);
  }, 180_000);
});
