import { listDeadLetters, replayDeadLetters } from '@quarry/operations';
import {
  DEAD_LETTER_HEADERS,
  datasetMessageKey,
  datasetTableDdl,
  encodeDatasetEnvelope,
} from '@quarry/pipeline';
import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import type { RunningWriter } from '@quarry/writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDataset,
  openSharedBackends,
  sendBatch,
  startTestGateway,
  startTestWriter,
  type TestDataset,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';

type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
let backends: Backends;
let warehouse: Warehouse;
let dataset: TestDataset;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let writer: RunningWriter;
const group = `writer-${unique()}`;

beforeAll(async () => {
  backends = await openSharedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('writer-faults') });
  dataset = await createTestDataset(backends, warehouse, { seq: 'number' });
  gateway = await startTestGateway(backends);
  writer = await startTestWriter(backends, warehouse, { groupId: group });
});

afterAll(async () => {
  await writer?.stop();
  await gateway?.stop();
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
  await warehouse?.close();
});

const table = () => `ds_${dataset.datasetId}`;
const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    timestamp: '2026-06-10T10:00:00Z',
    context: {},
    seq: from + index,
  }));
const caughtUp = () => waitForCaughtUp(localStack().kafkaBrokers, group, backends.topics.datasets, 30_000);

async function stored(tableName = table()) {
  const [row] = await warehouse.query({
    name: 'test.stored',
    sql: `SELECT count() AS rows, uniqExact(seq) AS distinct FROM \`${tableName}\``,
    schema: z.object({ rows: z.coerce.number(), distinct: z.coerce.number() }),
  });
  return row;
}

describe('the writer under failures', () => {
  it('retries while the warehouse refuses inserts, commits nothing meanwhile, then stores everything once', async () => {
    expect(await sendBatch(gateway.server.url, dataset, records(0, 100))).toBe(202);
    await caughtUp();
    // A real engine refusal: with one active part and a threshold of one, every insert is "too many parts".
    await warehouse.command({
      name: 'inject',
      sql: `ALTER TABLE \`${table()}\` MODIFY SETTING parts_to_throw_insert = 1`,
    });
    for (let batch = 1; batch <= 5; batch++) {
      expect(await sendBatch(gateway.server.url, dataset, records(batch * 100, 100))).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(writer.health().failingSinceMs).toBeGreaterThan(0);
    const lagging = await backends.bus.admin.offsets(backends.topics.datasets, group);
    expect(lagging.some(({ end, committed }) => end !== (committed ?? '0'))).toBe(true);
    expect(await stored()).toEqual({ rows: 100, distinct: 100 });

    await warehouse.command({
      name: 'recover',
      sql: `ALTER TABLE \`${table()}\` MODIFY SETTING parts_to_throw_insert = 3000`,
    });
    await caughtUp();
    expect(await stored()).toEqual({ rows: 600, distinct: 600 });
    expect(writer.health().failingSinceMs).toBeNull();
  });

  it('dead-letters poison with its provenance while the stream goes on, and a replay after the fix stores it once', async () => {
    const producer = backends.bus.producer();
    const orphanId = 900_000 + Math.floor(Math.random() * 90_000);
    const orphan = encodeDatasetEnvelope({
      datasetId: orphanId,
      projectId: dataset.projectId,
      acceptedAt: new Date().toISOString(),
      traceId: 'req_orphan',
      rows: [{ timestamp: '2026-06-10 10:00:00.000', context: '{}', seq: 1 }],
    });
    await producer.send(backends.topics.datasets, [
      { key: datasetMessageKey(dataset.datasetId), value: '{not json' },
      { key: datasetMessageKey(orphanId), value: orphan },
    ]);
    expect(await sendBatch(gateway.server.url, dataset, records(10_000, 50))).toBe(202);
    await caughtUp();
    expect(await stored()).toEqual({ rows: 650, distinct: 650 });

    const letters = await listDeadLetters(backends.bus, backends.topics);
    expect(letters.map((letter) => letter.reason).sort()).toEqual([
      'dataset table missing',
      'undecodable: not JSON',
    ]);
    const missing = letters.find((letter) => letter.reason === 'dataset table missing');
    expect(missing?.source).toMatchObject({
      topic: backends.topics.datasets,
      key: datasetMessageKey(orphanId),
    });
    expect(Number(missing?.source.offset)).toBeGreaterThanOrEqual(0);
    expect(missing?.failedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(missing?.preview).toContain('req_orphan');
    expect(DEAD_LETTER_HEADERS.reason).toBe('quarry-reason');

    // The fix: the dataset's table exists now. Replaying stores the orphan once; the undecodable
    // message fails again and comes back as a new dead letter.
    await warehouse.command({ name: 'fix', sql: datasetTableDdl(orphanId, { fields: { seq: 'number' } }) });
    expect(await replayDeadLetters(backends.bus, backends.topics)).toEqual({ replayed: 2 });
    await caughtUp();
    expect(await stored(`ds_${orphanId}`)).toEqual({ rows: 1, distinct: 1 });
    expect(await replayDeadLetters(backends.bus, backends.topics)).toEqual({ replayed: 1 });
    await caughtUp();
    expect(await stored(`ds_${orphanId}`)).toEqual({ rows: 1, distinct: 1 });
    await producer.close();
  });

  it('stores the other rows of a message one of whose rows is not JSON, and dead-letters that row alone', async () => {
    // The writer splices rows without parsing them: the engine finds the bad one, not the decoder.
    const own = await createTestDataset(backends, warehouse, { seq: 'number' });
    const row = (seq: string) => `{"timestamp":"2026-06-10 10:00:00.000","seq":${seq}}`;
    const header = encodeDatasetEnvelope({
      datasetId: own.datasetId,
      projectId: own.projectId,
      acceptedAt: new Date().toISOString(),
      traceId: 'req_bad_row',
      rows: [],
    });
    const value = `${header.slice(0, -2)}${[row('1'), row('tru'), row('3')].join(',')}]}`;
    const producer = backends.bus.producer();
    await producer.send(backends.topics.datasets, [{ key: datasetMessageKey(own.datasetId), value }]);
    await producer.close();
    expect(await sendBatch(gateway.server.url, own, records(100, 5))).toBe(202);
    await caughtUp();
    expect(await stored(`ds_${own.datasetId}`)).toEqual({ rows: 7, distinct: 7 });
    const letters = (await listDeadLetters(backends.bus, backends.topics)).filter((letter) =>
      letter.reason.startsWith('row is not JSON'),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]?.preview).toContain('"seq":tru');
    expect(letters[0]?.preview).not.toContain('"seq":3');
  });
});
