import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTestDataset,
  exitOf,
  groupProgress,
  IngestLoad,
  killWhenDone,
  type LoadOutcome,
  openSharedBackends,
  type ServiceProcess,
  spawnGateway,
  spawnWriter,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';

const DRAIN_BOUND_MS = 25_000; // SHUTDOWN_TIMEOUT_MS's default, as deployed
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('loses, duplicates and refuses nothing while gateways and the writer are restarted under load', {
  timeout: 240_000,
}, async () => {
  const backends = await openSharedBackends();
  const warehouseDir = await tempDir('rolling-restart');
  const setup = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const dataset = await createTestDataset(backends, setup, { seq: 'number' });
  await setup.close();
  const { kafkaBrokers } = localStack();
  const writerOptions = {
    brokers: kafkaBrokers,
    namespace: backends.namespace,
    group: `writer-${unique()}`,
    warehouseDir,
  };
  const newGateway = () => spawnGateway({ namespace: backends.namespace });
  const newWriter = () => {
    const child = spawnWriter(writerOptions);
    killWhenDone(child);
    return child;
  };

  const load = new IngestLoad(dataset);
  load.targets = await Promise.all([newGateway(), newGateway()]);
  let writer = newWriter();
  load.start();
  const answeredWhileDraining: LoadOutcome[] = [];
  const drainMs: number[] = [];

  /** A rollout step: the new pod is ready first; then the old one leaves the endpoints and gets SIGTERM. */
  const rollGateway = async (old: ServiceProcess) => {
    load.pinned = old;
    const replacement = await newGateway();
    load.targets.push(replacement);
    // Wait until the old gateway has requests in flight, then stop routing to it and SIGTERM it
    // in the same tick: those requests are the ones a drain must finish.
    const caught = await load.whenInFlight(old, 2);
    load.targets = load.targets.filter((target) => target !== old);
    const stopped = old.stop();
    answeredWhileDraining.push(...(await Promise.all(caught)));
    const { code, ms } = await stopped;
    drainMs.push(Math.round(ms));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(DRAIN_BOUND_MS);
  };

  /** chDB allows one process per data directory, so writers hand over instead of overlapping. */
  let committedSoFar = 0;
  const rollWriter = async () => {
    // Roll a writer that has made progress of its own: one still starting has nothing to hand over.
    const progress = () => groupProgress(kafkaBrokers, writerOptions.group, backends.topics.datasets);
    const deadline = Date.now() + 60_000;
    let before = await progress();
    while (before.committed <= committedSoFar) {
      if (Date.now() > deadline)
        throw new Error(`the writer committed nothing past ${committedSoFar} in 60 s`);
      await sleep(200);
      before = await progress();
    }
    writer.kill('SIGTERM');
    expect(await exitOf(writer)).toBe(0);
    const after = await groupProgress(kafkaBrokers, writerOptions.group, backends.topics.datasets);
    expect(after.committed).toBeGreaterThan(0);
    expect(after.committed).toBeGreaterThanOrEqual(before.committed);
    committedSoFar = after.committed;
    writer = newWriter();
  };

  for (let round = 0; round < 2; round++) {
    await sleep(2_000);
    const [old] = load.targets;
    if (!old) throw new Error('no gateway');
    await rollGateway(old);
    await sleep(1_500);
    await rollWriter();
  }
  await sleep(2_000);
  await load.stop();

  // No request routed through the endpoints failed: only 202s, and 503s with Retry-After.
  expect(load.failures).toEqual([]);
  // Every request in flight when a gateway got SIGTERM was answered, none was cut.
  expect(answeredWhileDraining.length).toBeGreaterThanOrEqual(4);
  for (const outcome of answeredWhileDraining) expect(outcome).toMatchObject({ status: 202 });
  // The pinned client kept sending to the draining gateway: once per roll it met a refused new
  // connection (its keep-alive one ended with `Connection: close`), or, had its request gone out on
  // a connection idle since SIGTERM in the instant the drain closes those (0.5 s later), a socket
  // closed without an answer. The gateway read neither, so the retry elsewhere is safe: the
  // exactly-once count below includes it.
  expect(load.pinnedErrors).toHaveLength(2);
  for (const error of load.pinnedErrors)
    expect(['ECONNREFUSED', 'UND_ERR_SOCKET', 'ECONNRESET']).toContain(error);
  expect(load.accepted).toBeGreaterThan(5_000);

  await waitForCaughtUp(kafkaBrokers, writerOptions.group, backends.topics.datasets, 120_000);
  writer.kill('SIGTERM');
  expect(await exitOf(writer)).toBe(0);
  for (const gateway of load.targets) expect((await gateway.stop()).code).toBe(0);

  const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const [stored] = await warehouse.query({
    name: 'test.rolling_restart',
    sql: `SELECT count() AS rows, uniqExact(seq) AS records, min(seq) AS first, max(seq) AS last FROM ds_${dataset.datasetId}`,
    schema: z.object({
      rows: z.coerce.number(),
      records: z.coerce.number(),
      first: z.number(),
      last: z.number(),
    }),
  });
  // Nothing failed, so the accepted seqs are exactly 0 … accepted-1: each stored once.
  expect(stored).toEqual({ rows: load.accepted, records: load.accepted, first: 0, last: load.accepted - 1 });
  process.stderr.write(
    `[rolling-restart] accepted ${load.accepted} records, ${load.retried} retried 503s, ` +
      `${answeredWhileDraining.length} requests answered by draining gateways (drains ${drainMs.join(', ')} ms), ` +
      `pinned client: ${load.pinnedErrors.join(', ')}\n`,
  );
  await warehouse.close();
  await backends.bus.close();
  await backends.counters.close();
  await backends.catalog.close();
});
