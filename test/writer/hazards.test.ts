import { type Bus, BusUnavailableError, createBus, type Producer } from '@quarry/bus';
import { quotaKeys, quotaPeriod } from '@quarry/contract';
import { listDeadLetters, replayDeadLetters } from '@quarry/operations';
import { datasetMessageKey, datasetTableDdl } from '@quarry/pipeline';
import { localStack, tempDir, testDestinationKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { createWriter, type InsertParts } from '@quarry/writer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDataset,
  openSharedBackends,
  quietLogger,
  sendBatch,
  startTestGateway,
  type TestDataset,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';

// Issue 16's hazards 2–8, each a fault on the real broker and engine: see docs/reliability.md.
type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
type RunningWriter = Awaited<ReturnType<typeof createWriter>>['writer'];
let backends: Backends;
let warehouse: Warehouse;
let dataset: TestDataset;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
const writers: RunningWriter[] = [];
const buses: Bus[] = [];

beforeAll(async () => {
  backends = await openSharedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('writer-hazards') });
  dataset = await createTestDataset(backends, warehouse, { seq: 'number' });
  gateway = await startTestGateway(backends);
});

// Every group reads the topics from the start: a test's writers stop with it, so no other test's
// writer dead-letters its poison a second time.
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.stop().catch(() => undefined);
  for (const bus of buses.splice(0)) await bus.close().catch(() => undefined);
});

afterAll(async () => {
  await gateway?.stop();
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
  await warehouse?.close();
});

/** A writer on a bus of its own with a short session, so a stalled one loses its partitions fast. */
async function startWriter(
  group: string,
  store: Warehouse = warehouse,
  topics = backends.topics,
  insertParts?: InsertParts,
) {
  const bus = await createBus({
    kind: 'kafka',
    brokers: localStack().kafkaBrokers,
    clientId: `hazards-${unique()}`,
    sessionTimeoutMs: 6_000,
  });
  buses.push(bus);
  const { writer, checks } = await createWriter({
    logger: quietLogger(),
    bus,
    warehouse: store,
    catalog: backends.catalog,
    groupId: group,
    maxRows: 10_000,
    retryMaxDelayMs: 300,
    topics,
    ...(insertParts ? { insertParts } : {}),
    unhealthyAfterMs: 1_000,
    destinationKey: testDestinationKey(),
  });
  writers.push(writer);
  return { writer, checks };
}

const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    timestamp: '2026-06-10T10:00:00Z',
    context: {},
    seq: from + index,
  }));
const caughtUp = (group: string, topic = backends.topics.datasets) =>
  waitForCaughtUp(localStack().kafkaBrokers, group, topic, 60_000);

async function stored(table: string, where = 'true') {
  const [row] = await warehouse.query({
    name: 'test.stored',
    sql: `SELECT count() AS rows, uniqExact(seq) AS distinct FROM \`${table}\` WHERE ${where}`,
    schema: z.object({ rows: z.coerce.number(), distinct: z.coerce.number() }),
  });
  return row;
}

/** What a fault left in a table, printed for the fault matrix in docs/reliability.md, then asserted. */
async function reported(hazard: number, answered202: number, table: string, where?: string) {
  const result = await stored(table, where);
  const duplicates = (result?.rows ?? 0) - (result?.distinct ?? 0);
  console.log(
    `[hazard ${hazard}] ${JSON.stringify({ table, answered202, stored: result?.rows, duplicates })}`,
  );
  return result;
}

/** Messages of one partition the group has not committed yet. */
async function lagOf(group: string, partition: number) {
  const offsets = await backends.bus.admin.offsets(backends.topics.datasets, group);
  const entry = offsets.find((candidate) => candidate.partition === partition);
  if (!entry) throw new Error(`no partition ${partition}`);
  return Number(entry.end) - Number(entry.committed ?? 0);
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The shared warehouse, but the inserts `matches` picks stall until `release()`, which resolves once
 * they landed (or failed): a writer stopped with its insert in flight that comes back late.
 */
function stallInserts(matches: (insert: Parameters<Warehouse['insert']>[0]) => boolean) {
  let resume: () => void = () => {};
  const resumed = new Promise<void>((resolve) => {
    resume = resolve;
  });
  const late: Promise<unknown>[] = [];
  const stall = {
    stalled: false,
    warehouse: {
      ...warehouse,
      async insert(insert) {
        if (!matches(insert)) return warehouse.insert(insert);
        stall.stalled = true;
        await resumed;
        const landing = warehouse.insert(insert);
        late.push(landing.catch(() => undefined));
        return landing;
      },
    } satisfies Warehouse,
    async release() {
      resume();
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(late);
    },
  };
  return stall;
}

describe('the writer under issue 16 faults', () => {
  it('stores a dead letter once when its replay crashed between the produce and the commit (hazard 7)', async () => {
    const orphanId = 800_000 + Math.floor(Math.random() * 90_000);
    const group = `hazard7-${unique()}`;
    await startWriter(group);
    const producer = backends.bus.producer();
    await producer.send(backends.topics.datasets, [
      {
        key: datasetMessageKey(orphanId),
        value: JSON.stringify({
          v: 1,
          kind: 'dataset',
          datasetId: orphanId,
          projectId: dataset.projectId,
          acceptedAt: new Date().toISOString(),
          traceId: 'req_replay_once',
          rows: [{ timestamp: '2026-06-10 10:00:00.000', context: '{}', seq: 1 }],
        }),
      },
    ]);
    await producer.close();
    await caughtUp(group);
    await warehouse.command({ name: 'fix', sql: datasetTableDdl(orphanId, { fields: { seq: 'number' } }) });
    // The replay dies right after the source topic acknowledged the letter, before its commit.
    await expect(
      replayDeadLetters(backends.bus, backends.topics, {
        onProgress: () => {
          throw new Error('replay killed');
        },
      }),
    ).rejects.toThrow('replay killed');
    const again = await replayDeadLetters(backends.bus, backends.topics);
    expect(again.replayed).toBeGreaterThanOrEqual(1);
    await caughtUp(group);
    expect(await reported(7, 1, `ds_${orphanId}`)).toEqual({ rows: 1, distinct: 1 });
  });

  it('dead-letters an envelope naming dataset 0 or a negative dataset, with provenance, and goes on (hazard 5)', async () => {
    const group = `hazard5-${unique()}`;
    await startWriter(group);
    const producer = backends.bus.producer();
    const poison = (datasetId: number) =>
      JSON.stringify({
        v: 1,
        kind: 'dataset',
        datasetId,
        projectId: dataset.projectId,
        acceptedAt: new Date().toISOString(),
        traceId: `req_poison_${datasetId}`,
        rows: [{ timestamp: '2026-06-10 10:00:00.000', context: '{}', seq: -1 }],
      });
    await producer.send(backends.topics.datasets, [
      { key: datasetMessageKey(dataset.datasetId), value: poison(0) },
      { key: datasetMessageKey(dataset.datasetId), value: poison(-7) },
    ]);
    await producer.close();
    expect(await sendBatch(gateway.server.url, dataset, records(0, 20))).toBe(202);
    await caughtUp(group);
    expect(await reported(5, 20, `ds_${dataset.datasetId}`, 'seq < 20')).toEqual({ rows: 20, distinct: 20 });
    const letters = (await listDeadLetters(backends.bus, backends.topics)).filter((letter) =>
      letter.preview.includes('req_poison_'),
    );
    expect(letters).toHaveLength(2);
    for (const letter of letters) {
      expect(letter.reason).toMatch(/^undecodable/);
      expect(letter.source).toMatchObject({
        topic: backends.topics.datasets,
        key: datasetMessageKey(dataset.datasetId),
      });
    }
  });

  it('waits out a full disk instead of dead-lettering, unready meanwhile, then stores everything once (hazard 6)', async () => {
    const own = await createTestDataset(backends, warehouse, { seq: 'number' });
    const table = `ds_${own.datasetId}`;
    const group = `hazard6-${unique()}`;
    const { writer, checks } = await startWriter(group);
    expect(await sendBatch(gateway.server.url, own, records(0, 10))).toBe(202);
    await caughtUp(group);
    // The engine's own free-space guard: with a floor no disk has, every insert fails NOT_ENOUGH_SPACE.
    await warehouse.command({
      name: 'inject.disk_full',
      sql: `ALTER TABLE \`${table}\` MODIFY SETTING min_free_disk_bytes_to_perform_insert = 1000000000000000`,
    });
    for (let batch = 1; batch <= 3; batch++) {
      expect(await sendBatch(gateway.server.url, own, records(batch * 10, 10))).toBe(202);
    }
    await waitFor(async () => {
      try {
        await checks.consumer?.();
        return false;
      } catch {
        return true;
      }
    }, 'the consumer check to turn red');
    expect(await stored(table)).toEqual({ rows: 10, distinct: 10 });
    await warehouse.command({
      name: 'recover.disk_full',
      sql: `ALTER TABLE \`${table}\` MODIFY SETTING min_free_disk_bytes_to_perform_insert = 0`,
    });
    await caughtUp(group);
    expect(await reported(6, 40, table)).toEqual({ rows: 40, distinct: 40 });
    expect(writer.health().failingSinceMs).toBeNull();
    const letters = await listDeadLetters(backends.bus, backends.topics);
    expect(letters.filter((letter) => letter.source.key === datasetMessageKey(own.datasetId))).toEqual([]);
  });

  it('stores and commits other partitions while one table cannot be written, and loses nothing once it heals (hazard 8)', async () => {
    const topic = backends.topics.datasets;
    const stuck = await createTestDataset(backends, warehouse, { seq: 'number' });
    const stuckPartition = await partitionReceiving(() =>
      sendBatch(gateway.server.url, stuck, records(0, 10)),
    );
    // Another dataset whose key lands in another partition of the topic.
    let free = await createTestDataset(backends, warehouse, { seq: 'number' });
    let freePartition = await partitionReceiving(() => sendBatch(gateway.server.url, free, records(0, 10)));
    while (freePartition === stuckPartition) {
      free = await createTestDataset(backends, warehouse, { seq: 'number' });
      freePartition = await partitionReceiving(() => sendBatch(gateway.server.url, free, records(0, 10)));
    }
    const group = `hazard8-${unique()}`;
    const { writer, checks } = await startWriter(group); // one writer owns every partition
    await caughtUp(group);
    const stuckTable = `ds_${stuck.datasetId}`;
    const freeTable = `ds_${free.datasetId}`;
    await warehouse.command({
      name: 'inject.disk_full',
      sql: `ALTER TABLE \`${stuckTable}\` MODIFY SETTING min_free_disk_bytes_to_perform_insert = 1000000000000000`,
    });
    // Lifted however the test ends: a table left stuck would hold the later tests' writers.
    try {
      expect(await sendBatch(gateway.server.url, stuck, records(10, 10))).toBe(202);
      await waitFor(() => writer.health().failingSinceMs !== null, 'the writer to retry the stuck table');
      for (let batch = 1; batch <= 3; batch++) {
        expect(await sendBatch(gateway.server.url, free, records(batch * 10, 10))).toBe(202);
      }
      // The other partition is stored and committed while the stuck one is still retried.
      await waitFor(
        async () => (await stored(freeTable))?.rows === 40 && (await lagOf(group, freePartition)) === 0,
        "the free partition's records to be stored and committed",
      );
      expect(await stored(stuckTable)).toEqual({ rows: 10, distinct: 10 });
      expect(await lagOf(group, stuckPartition)).toBeGreaterThan(0);
      // Unready while the stuck partition retries, although the other one succeeds.
      await waitFor(async () => {
        try {
          await checks.consumer?.();
          return false;
        } catch (error) {
          return /retrying/.test(String(error));
        }
      }, 'the consumer check to turn red');
    } finally {
      await warehouse.command({
        name: 'recover.disk_full',
        sql: `ALTER TABLE \`${stuckTable}\` MODIFY SETTING min_free_disk_bytes_to_perform_insert = 0`,
      });
    }
    await caughtUp(group);
    expect(await reported(8, 20, stuckTable)).toEqual({ rows: 20, distinct: 20 });
    expect(await reported(8, 40, freeTable)).toEqual({ rows: 40, distinct: 40 });
    const letters = await listDeadLetters(backends.bus, backends.topics);
    expect(letters.filter((letter) => letter.source.key === datasetMessageKey(stuck.datasetId))).toEqual([]);

    /** The partition of the datasets topic whose end moved while `send` ran (nothing else sends meanwhile). */
    async function partitionReceiving(send: () => Promise<number>): Promise<number> {
      const before = await backends.bus.admin.offsets(topic);
      expect(await send()).toBe(202);
      const after = await backends.bus.admin.offsets(topic);
      const moved = after.find(
        (entry) => entry.end !== before.find((old) => old.partition === entry.partition)?.end,
      );
      if (!moved) throw new Error('no partition of the datasets topic received the batch');
      return moved.partition;
    }
  });

  it('stores once and charges once an Idempotency-Key retry after a 503 whose message landed (hazard 2)', async () => {
    const own = await createTestDataset(backends, warehouse, { seq: 'number' });
    const group = `hazard2-${unique()}`;
    await startWriter(group);
    // The broker stores the message but the answer is lost: the gateway sees a failed produce.
    let lose = 1;
    const bus: Bus = {
      ...backends.bus,
      producer(): Producer {
        const real = backends.bus.producer();
        return {
          async send(topic, messages) {
            await real.send(topic, messages);
            if (topic === backends.topics.datasets && lose-- > 0)
              throw new BusUnavailableError('request timed out');
          },
          close: () => real.close(),
        };
      },
    };
    const lying = await startTestGateway({ ...backends, bus });
    try {
      const key = `retry-${unique()}`;
      const send = () =>
        fetch(`${lying.server.url}/datasets/${own.datasetId}/batch`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${own.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(records(0, 25)),
        });
      expect((await send()).status).toBe(503);
      expect((await send()).status).toBe(202);
      await caughtUp(group);
      expect(await reported(2, 25, `ds_${own.datasetId}`)).toEqual({ rows: 25, distinct: 25 });
      const [owner] = (
        await backends.catalog.query<{ owner_user_id: string }>(
          'SELECT owner_user_id FROM projects WHERE id = $1',
          [own.projectId],
        )
      ).rows;
      const total = await backends.counters.get(
        quotaKeys.total('datasets', Number(owner?.owner_user_id), quotaPeriod()),
      );
      expect(Number(total)).toBe(25);
    } finally {
      await lying.stop();
    }
  });

  it('stores once what a writer stalled mid-insert past its session inserts late, after another took over (hazard 3)', async () => {
    const own = await createTestDataset(backends, warehouse, { seq: 'number' });
    const table = `ds_${own.datasetId}`;
    const group = `hazard3-${unique()}`;
    // The first writer's inserts into the dataset table stall (like a SIGSTOP with the insert in
    // flight) until released; every other statement goes through.
    const stall = stallInserts((insert) => insert.table === table);
    await startWriter(group, stall.warehouse);
    expect(await sendBatch(gateway.server.url, own, records(0, 10))).toBe(202);
    await waitFor(() => stall.stalled, 'the first writer to stall in its insert');
    for (let batch = 1; batch <= 3; batch++) {
      expect(await sendBatch(gateway.server.url, own, records(batch * 10, 10))).toBe(202);
    }
    await startWriter(group); // takes the partitions over once the stalled writer's session expires
    await caughtUp(group);
    expect(await stored(table)).toEqual({ rows: 40, distinct: 40 });
    await stall.release(); // the stalled writer resumes: its late insert must change nothing
    expect(await reported(3, 40, table)).toEqual({ rows: 40, distinct: 40 });
  });

  it('stores once a chunk whose writer died with one of its parts landed and the other in flight (hazard 3, in parts)', async () => {
    const own = await createTestDataset(backends, warehouse, { seq: 'number' });
    const table = `ds_${own.datasetId}`;
    const group = `hazard3-parts-${unique()}`;
    const inParts: InsertParts = { most: 2, minRows: 1 };
    // The first writer's second part stalls in flight (a SIGSTOP, then a kill) while its first part lands.
    const stall = stallInserts(
      (insert) => insert.table === table && insert.dedupToken?.includes('#1') === true,
    );
    await startWriter(group, stall.warehouse, backends.topics, inParts);
    expect(await sendBatch(gateway.server.url, own, records(0, 100))).toBe(202);
    await waitFor(
      async () => stall.stalled && (await stored(table))?.rows === 50,
      'one part landed, one in flight',
    );
    expect(await sendBatch(gateway.server.url, own, records(100, 100))).toBe(202);
    // The successor repeats the open chunk in the same parts: the landed one is not stored again.
    await startWriter(group, warehouse, backends.topics, inParts);
    await caughtUp(group);
    expect(await stored(table)).toEqual({ rows: 200, distinct: 200 });
    await stall.release(); // the stalled part lands late, under the token its successor stored it with
    expect(await reported(3, 200, table)).toEqual({ rows: 200, distinct: 200 });
  });

  it('skips nothing when a second namespace writes into the same table (hazard 4)', async () => {
    const own = await createTestDataset(backends, warehouse, { seq: 'number' });
    const table = `ds_${own.datasetId}`;
    const first = `hazard4a-${unique()}`;
    await startWriter(first);
    for (let batch = 0; batch < 5; batch++) {
      expect(await sendBatch(gateway.server.url, own, records(batch * 10, 10))).toBe(202);
    }
    await caughtUp(first);
    // A recreated namespace numbers its offsets from 0 again, into the dataset's same table.
    const other = await openSharedBackends();
    try {
      const second = `hazard4b-${unique()}`;
      await startWriter(second, warehouse, other.topics);
      const otherGateway = await startTestGateway(other);
      try {
        expect(await sendBatch(otherGateway.server.url, own, records(1_000, 10))).toBe(202);
        await caughtUp(second, other.topics.datasets);
        expect(await reported(4, 60, table)).toEqual({ rows: 60, distinct: 60 });
      } finally {
        await otherGateway.stop();
      }
    } finally {
      await other.bus.close();
      await other.counters.close();
      await other.catalog.close();
    }
  });
});
