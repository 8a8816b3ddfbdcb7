import type { Bus } from '@quarry/bus';
import { DEFAULT_HOT_DATASETS } from '@quarry/ingest-gateway';
import { decodeDatasetEnvelope, OFFSETS_TABLE } from '@quarry/pipeline';
import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDataset,
  exitOf,
  groupProgress,
  openSharedBackends,
  sendBatch,
  spawnWriter,
  startTestGateway,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';

const BATCHES = 1_000;
const PER_BATCH = 100;
const SENDERS = 8;

// The dataset is hot from its first request, so its messages spread over every partition and the
// writer's partitions insert into its one table at the same time when it is killed.
it('stores every accepted record exactly once while the writer is killed -9 and restarted', {
  timeout: 240_000,
}, async () => {
  const backends = await openSharedBackends();
  const warehouseDir = await tempDir('writer-crash');
  const setup = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const dataset = await createTestDataset(backends, setup, { seq: 'number', label: 'string' });
  await setup.close();
  const gateway = await startTestGateway(backends, {
    hotDatasets: { ...DEFAULT_HOT_DATASETS, keys: 16, forced: new Set([dataset.datasetId]) },
  });
  const { kafkaBrokers } = localStack();
  const writerOptions = {
    brokers: kafkaBrokers,
    namespace: backends.namespace,
    group: `writer-${unique()}`,
    warehouseDir,
  };

  // Senders keep going until the kill rounds are over and at least BATCHES batches were accepted, so
  // every kill lands while records are still arriving, however slow this machine is today.
  let accepted = 0;
  let next = 0;
  let killing = true;
  const sender = async () => {
    // The check and the increment run together (no await between), so batch numbers have no gaps.
    while (killing || next < BATCHES) {
      const batch = next++;
      const records = Array.from({ length: PER_BATCH }, (_, index) => ({
        timestamp: new Date(Date.UTC(2026, 5, 10) + batch * PER_BATCH + index).toISOString(),
        context: { batch },
        seq: batch * PER_BATCH + index,
        label: `b${batch}`,
      }));
      let status = await sendBatch(gateway.server.url, dataset, records, `req_crash_${batch}`);
      while (status === 503)
        status = await sendBatch(gateway.server.url, dataset, records, `req_crash_${batch}`);
      expect(status).toBe(202);
      accepted += PER_BATCH;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  };
  const sending = Promise.all(Array.from({ length: SENDERS }, sender));

  // Kill the writer four times, each right after it committed new progress: it had inserted some
  // batches and records were still arriving (the senders run until the rounds are over).
  let lastCommitted = 0;
  for (let round = 0; round < 4; round++) {
    const writer = spawnWriter(writerOptions);
    const progress = await waitForProgress(
      kafkaBrokers,
      writerOptions.group,
      backends.topics.datasets,
      lastCommitted,
    );
    writer.kill('SIGKILL');
    await exitOf(writer);
    lastCommitted = progress.committed;
  }
  killing = false;
  await sending;
  const batches = accepted / PER_BATCH;
  expect(batches).toBeGreaterThanOrEqual(BATCHES);

  const last = spawnWriter(writerOptions);
  await waitForCaughtUp(kafkaBrokers, writerOptions.group, backends.topics.datasets, 120_000);
  last.kill('SIGTERM');
  expect(await exitOf(last)).toBe(0);
  await gateway.stop();

  const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const [totals] = await warehouse.query({
    name: 'test.totals',
    sql: `SELECT count() AS rows, uniqExact(seq) AS records, uniqExact(__traceId) AS requests, min(seq) AS first, max(seq) AS last FROM ds_${dataset.datasetId}`,
    schema: z.object({
      rows: z.string(),
      records: z.string(),
      requests: z.string(),
      first: z.number(),
      last: z.number(),
    }),
  });
  // A loss seen once in a full run (19,000 records of 181,700) could not be reproduced alone: say
  // which requests are missing, whether the topic holds them (the gateway or the writer lost them),
  // and what the ledger holds, so the next failure can be traced.
  if (Number(totals?.rows) !== accepted) {
    const { report, missing } = await describeMissing(warehouse, dataset.datasetId, batches);
    const traces = new Set(missing.map((batch) => `req_crash_${batch}`));
    console.error(`${report}\n${await locateInTopic(backends.bus, backends.topics.datasets, traces)}`);
  }
  expect(totals).toEqual({
    rows: String(accepted),
    records: String(accepted),
    requests: String(batches),
    first: 0,
    last: accepted - 1,
  });
  const perTrace = await warehouse.query({
    name: 'test.per_trace',
    sql: `SELECT __traceId AS trace, count() AS n FROM ds_${dataset.datasetId} GROUP BY trace HAVING n != ${PER_BATCH}`,
    schema: z.object({ trace: z.string(), n: z.string() }),
  });
  expect(perTrace).toEqual([]);
  const [spread] = await warehouse.query({
    name: 'test.partitions',
    sql: `SELECT uniqExact(__sourcePartition) AS partitions FROM ds_${dataset.datasetId}`,
    schema: z.object({ partitions: z.coerce.number() }),
  });
  expect(spread?.partitions).toBeGreaterThanOrEqual(2);
  await warehouse.close();
  await backends.bus.close();
  await backends.counters.close();
  await backends.catalog.close();
});

/** The missing requests (ranges of batch numbers), the stored ones around them, and the ledger's rows. */
async function describeMissing(
  warehouse: Warehouse,
  datasetId: number,
  batches: number,
): Promise<{ report: string; missing: number[] }> {
  const stored = await warehouse.query({
    name: 'test.stored_batches',
    sql: `SELECT intDiv(seq, ${PER_BATCH}) AS batch, any(__sourcePartition) AS partition, any(__sourceOffset) AS offset FROM ds_${datasetId} GROUP BY batch`,
    schema: z.object({ batch: z.coerce.number(), partition: z.coerce.number(), offset: z.coerce.number() }),
  });
  const byBatch = new Map(stored.map((row) => [row.batch, row]));
  const ranges: { from: number; to: number; before?: unknown; after?: unknown }[] = [];
  const missing: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    if (byBatch.has(batch)) continue;
    missing.push(batch);
    const open = ranges.at(-1);
    if (open && open.to === batch - 1) open.to = batch;
    else ranges.push({ from: batch, to: batch });
  }
  for (const range of ranges) {
    range.before = byBatch.get(range.from - 1);
    range.after = byBatch.get(range.to + 1);
  }
  const ledger = await warehouse.query({
    name: 'test.ledger',
    sql: `SELECT \`partition\`, version, first, last, done, token FROM ${OFFSETS_TABLE} WHERE \`table\` = {table:String} ORDER BY \`partition\`, version`,
    params: { table: `ds_${datasetId}` },
    schema: z.record(z.string(), z.unknown()),
  });
  return {
    report: `missing requests: ${JSON.stringify(ranges)}\nledger rows: ${JSON.stringify(ledger)}`,
    missing,
  };
}

/**
 * Where the missing requests' messages are in the topic (`partition/offset` by trace id), read from
 * its start by a group of its own: a request absent from the topic was answered 202 without being
 * produced; one present was lost by the writer.
 */
async function locateInTopic(bus: Bus, topic: string, traces: Set<string>): Promise<string> {
  const { end } = await groupProgress(localStack().kafkaBrokers, `locate-${unique()}`, topic);
  const found: Record<string, string> = {};
  let read = 0;
  const all = Promise.withResolvers<void>();
  const consumer = bus.consumer();
  await consumer.run({
    topics: [topic],
    groupId: `locate-${unique()}`,
    async eachBatch({ partition, messages }) {
      for (const message of messages) {
        const decoded = decodeDatasetEnvelope(message.value);
        if (decoded.ok && traces.has(decoded.envelope.traceId))
          found[decoded.envelope.traceId] = `${partition}/${message.offset}`;
      }
      read += messages.length;
      if (read >= end) all.resolve();
    },
  });
  const timer = setTimeout(() => all.resolve(), 30_000);
  await all.promise;
  clearTimeout(timer);
  await consumer.stop();
  return `read ${read} of ${end} messages; missing requests in the topic: ${Object.keys(found).length} of ${traces.size} ${JSON.stringify(found)}`;
}

/** Polls until the group committed past `after` (a live writer made progress); at most 90 s. */
async function waitForProgress(brokers: string[], group: string, topic: string, after: number) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const progress = await groupProgress(brokers, group, topic);
    if (progress.committed > after) return progress;
    if (Date.now() > deadline) throw new Error(`no writer progress past ${after} within 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
