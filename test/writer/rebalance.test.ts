import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDataset,
  openSharedBackends,
  sendBatch,
  startTestGateway,
  startTestWriter,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';

it('loses and duplicates nothing while writers join and leave the group mid-stream', {
  timeout: 120_000,
}, async () => {
  const backends = await openSharedBackends();
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('writer-rebalance') });
  const datasets = await Promise.all(
    [1, 2, 3].map(() => createTestDataset(backends, warehouse, { seq: 'number' })),
  );
  const gateway = await startTestGateway(backends);
  const group = `writer-${unique()}`;
  const newWriter = () => startTestWriter(backends, warehouse, { groupId: group, maxRows: 1_000 });

  let sent = 0;
  let stop = false;
  const sender = (async () => {
    for (let batch = 0; !stop; batch++) {
      const dataset = datasets[batch % datasets.length];
      if (!dataset) continue;
      const records = Array.from({ length: 50 }, (_, index) => ({
        timestamp: '2026-06-10T10:00:00Z',
        context: {},
        seq: batch * 50 + index,
      }));
      expect(await sendBatch(gateway.server.url, dataset, records)).toBe(202);
      sent += records.length;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  })();

  const first = await newWriter();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const second = await newWriter(); // joins: partitions move between the two mid-stream
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await first.stop(); // leaves: its partitions move to the second
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  stop = true;
  await sender;
  await waitForCaughtUp(localStack().kafkaBrokers, group, backends.topics.datasets, 60_000);
  await second.stop();

  let stored = 0;
  for (const dataset of datasets) {
    const [row] = await warehouse.query({
      name: 'test.rebalance',
      sql: `SELECT count() AS rows, uniqExact(seq) AS distinct FROM ds_${dataset.datasetId}`,
      schema: z.object({ rows: z.coerce.number(), distinct: z.coerce.number() }),
    });
    expect(row?.rows).toBe(row?.distinct);
    stored += row?.rows ?? 0;
  }
  expect(sent).toBeGreaterThan(1_000);
  expect(stored).toBe(sent);

  await gateway.stop();
  await backends.bus.close();
  await backends.counters.close();
  await backends.catalog.close();
  await warehouse.close();
});
