import { createBus } from '@quarry/bus';
import { createCounters } from '@quarry/counters';
import type { HotDatasetSettings } from '@quarry/ingest-gateway';
import { datasetMessageKey, MESSAGE_ID_HEADER } from '@quarry/pipeline';
import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDataset,
  openSharedBackends,
  startTestGateway,
  startTestWriter,
  type TestDataset,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';

// Issue 19: a dataset over its rate spreads over several partitions (docs/pipeline.md, "Partitioning").
// 16 keys over the test topic's 3 partitions: every partition is used unless 16 hashes agree.
const HOT: HotDatasetSettings = {
  recordsPerSecond: 100,
  burstRecords: 100,
  keys: 16,
  holdMs: 600_000,
  maxTracked: 100,
};

type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
type Gateway = Awaited<ReturnType<typeof startTestGateway>>;
let backends: Backends;
let warehouse: Warehouse;
let hot: Gateway;
let group: string;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  backends = await openSharedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('writer-hot') });
  hot = await startTestGateway(backends, { hotDatasets: HOT });
  group = `writer-${unique()}`;
  // Two writers in one group, as two replicas would be: the topic's partitions are split between them.
  for (let n = 0; n < 2; n++) {
    const writer = await startTestWriter(backends, warehouse, { groupId: group, maxRows: 1_000 });
    stops.push(() => writer.stop());
  }
});

afterAll(async () => {
  for (const stop of stops) await stop();
  await hot?.stop();
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
  await warehouse?.close();
});

const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    timestamp: '2026-06-10T10:00:00Z',
    context: {},
    seq: from + index,
  }));

async function post(
  gateway: Gateway,
  dataset: TestDataset,
  body: unknown[],
  headers: Record<string, string>,
) {
  const response = await fetch(`${gateway.server.url}/datasets/${dataset.datasetId}/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dataset.apiKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

interface Produced {
  partition: number;
  key: string;
  messageId: string | undefined;
  traceId: string;
}

/** The dataset's messages on the topic, each with the partition it landed in. */
async function readTopic(dataset: TestDataset, count: number): Promise<Produced[]> {
  const bus = await createBus({
    kind: 'kafka',
    brokers: localStack().kafkaBrokers,
    clientId: `hot-reader-${unique()}`,
    fetch: { maxWaitMs: 100 },
  });
  const seen: Produced[] = [];
  const consumer = bus.consumer();
  await consumer.run({
    topics: [backends.topics.datasets],
    groupId: `reader-${unique()}`,
    async eachBatch(batch) {
      for (const message of batch.messages) {
        const envelope = JSON.parse(message.value.toString()) as { datasetId: number; traceId: string };
        if (envelope.datasetId !== dataset.datasetId) continue;
        const messageId = message.headers[MESSAGE_ID_HEADER];
        seen.push({ partition: batch.partition, key: message.key, messageId, traceId: envelope.traceId });
      }
    },
  });
  await expect.poll(() => seen.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  await consumer.stop();
  await bus.close();
  return seen;
}

async function stored(dataset: TestDataset) {
  const [row] = await warehouse.query({
    name: 'test.hot_stored',
    sql: `SELECT count() AS rows, uniqExact(seq) AS records, uniqExact(__traceId) AS requests,
      uniqExact(__sourcePartition) AS partitions FROM ds_${dataset.datasetId}`,
    schema: z.object({
      rows: z.coerce.number(),
      records: z.coerce.number(),
      requests: z.coerce.number(),
      partitions: z.coerce.number(),
    }),
  });
  return row;
}

it('spreads a dataset sent above its rate over several partitions, and two writers store each record once', {
  timeout: 60_000,
}, async () => {
  const dataset = await createTestDataset(backends, warehouse, { seq: 'number' });
  const REQUESTS = 40;
  const PER_REQUEST = 50;
  let next = 0;
  const sender = async () => {
    for (let batch = next++; batch < REQUESTS; batch = next++) {
      const status = await post(hot, dataset, records(batch * PER_REQUEST, PER_REQUEST), {
        'x-request-id': `req_hot_${batch}`,
      });
      expect(status).toBe(202);
    }
  };
  await Promise.all([sender(), sender(), sender(), sender()]);

  const produced = await readTopic(dataset, REQUESTS);
  expect(produced).toHaveLength(REQUESTS);
  for (const { key } of produced)
    expect(key).toMatch(new RegExp(`^${datasetMessageKey(dataset.datasetId)}(:\\d+)?$`));
  expect(new Set(produced.map(({ partition }) => partition)).size).toBeGreaterThanOrEqual(2);

  await waitForCaughtUp(localStack().kafkaBrokers, group, backends.topics.datasets, 30_000);
  const total = await stored(dataset);
  expect(total).toMatchObject({
    rows: REQUESTS * PER_REQUEST,
    records: REQUESTS * PER_REQUEST,
    requests: REQUESTS,
  });
  expect(total?.partitions).toBeGreaterThanOrEqual(2);
  const perRequest = await warehouse.query({
    name: 'test.hot_per_request',
    sql: `SELECT __traceId AS trace, count() AS n FROM ds_${dataset.datasetId} GROUP BY trace HAVING n != ${PER_REQUEST}`,
    schema: z.object({ trace: z.string(), n: z.coerce.number() }),
  });
  expect(perRequest).toEqual([]);
});

it('stores a request once when its retry with the same Idempotency-Key lands on another partition', {
  timeout: 60_000,
}, async () => {
  const dataset = await createTestDataset(backends, warehouse, { seq: 'number' });
  // A second replica that does not see the dataset as hot (its own rate) and does not know the first
  // attempts' answers (its own Idempotency-Key store): what a retry after a 503 whose message landed
  // anyway meets. Its copies keep the dataset's one key; the first attempts spread by their ids.
  const idempotencyCounters = createCounters({ kind: 'memory' });
  const cool = await startTestGateway(backends, { idempotencyCounters });
  stops.push(() => cool.stop());
  expect(await post(hot, dataset, records(1_000, 200), { 'x-request-id': 'req_warm_up' })).toBe(202);

  const REQUESTS = 12;
  const PER_REQUEST = 10;
  const requests = Array.from({ length: REQUESTS }, (_, n) => ({
    body: records(n * PER_REQUEST, PER_REQUEST),
    key: { 'idempotency-key': `order-${unique()}` },
  }));
  for (const [n, { body, key }] of requests.entries()) {
    expect(await post(hot, dataset, body, { ...key, 'x-request-id': `req_first_${n}` })).toBe(202);
  }
  // The retries come after the first attempts landed and were stored, as a client's retry after a 503 does.
  await waitForCaughtUp(localStack().kafkaBrokers, group, backends.topics.datasets, 30_000);
  for (const [n, { body, key }] of requests.entries()) {
    expect(await post(cool, dataset, body, { ...key, 'x-request-id': `req_retry_${n}` })).toBe(202);
  }

  const produced = await readTopic(dataset, 1 + 2 * REQUESTS);
  const copies = new Map<string, Produced[]>();
  for (const message of produced) {
    if (message.messageId === undefined) continue;
    copies.set(message.messageId, [...(copies.get(message.messageId) ?? []), message]);
  }
  expect([...copies.values()].map((pair) => pair.length)).toEqual(Array(REQUESTS).fill(2));
  const moved = [...copies.values()].filter(([first, retry]) => first?.partition !== retry?.partition);
  expect(moved.length).toBeGreaterThanOrEqual(1);

  await waitForCaughtUp(localStack().kafkaBrokers, group, backends.topics.datasets, 30_000);
  expect(await stored(dataset)).toMatchObject({
    rows: 200 + REQUESTS * PER_REQUEST,
    records: 200 + REQUESTS * PER_REQUEST,
    requests: 1 + REQUESTS,
  });
  await idempotencyCounters.close();
});
