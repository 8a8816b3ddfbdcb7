import { createBus } from '@quarry/bus';
import { datasetTableName } from '@quarry/pipeline';
import { testDestinationKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { createWriter } from '@quarry/writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../apps/ingest-gateway/src/testing.ts';
import { groupProgress, quietLogger, waitForCaughtUp } from '../../src/index.ts';
import { openControlProbe } from './control-probe.ts';
import {
  expectOnlyStatuses,
  expectStoredExactlyOnce,
  FaultLoad,
  isWellFormedUnavailable,
  report,
  runOutage,
} from './harness.ts';
import { openPipeline, type Pipeline, startGateway } from './pipeline.ts';

/**
 * A real engine refusal that destroys nothing: with a threshold of one active part, every insert into
 * the table is "too many parts" (code 252, retriable), as when merges fall behind. 3000 is the default.
 */
const refuseInserts = (warehouse: Warehouse, table: string, threshold: number) =>
  warehouse.command({
    name: 'faults.parts_to_throw_insert',
    sql: `ALTER TABLE \`${table}\` MODIFY SETTING parts_to_throw_insert = ${threshold}`,
  });

describe('the warehouse failing', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await openPipeline();
  });
  afterAll(async () => {
    await pipeline?.close();
  });

  it('holds inserts back without committing while the warehouse refuses them, then stores every 202 once', async () => {
    const { tenant, topics, brokers, group } = pipeline;
    // The writer in this process, so this test can alter its tables; a session shorter than the
    // outage proves it keeps its partitions (it heartbeats while it retries).
    const warehouse = createWarehouse({ kind: 'embedded', dataDir: pipeline.warehouseDir });
    const bus = await createBus({
      kind: 'kafka',
      brokers,
      clientId: 'faults-writer',
      sessionTimeoutMs: 6_000,
      fetch: { maxWaitMs: 100 },
    });
    const { writer } = await createWriter({
      logger: quietLogger(),
      destinationKey: testDestinationKey(),
      bus,
      warehouse,
      catalog: pipeline.catalog,
      groupId: group,
      maxRows: 10_000,
      retryMaxDelayMs: 2_000,
      topics,
    });
    const [gateway, control] = await Promise.all([
      startGateway(pipeline),
      openControlProbe(pipeline, warehouse),
    ]);
    const load = new FaultLoad(gateway.url, tenant);
    const tables = [datasetTableName(tenant.datasetId), 'logs'];
    const seen: Record<string, unknown> = {};
    // The group's offsets while down, printed with the figures (and in the failure) for diagnosis.
    const progress: Record<string, unknown> = {};

    const times = await runOutage(load, {
      inject: async () => {
        for (const table of tables) await refuseInserts(warehouse, table, 1);
      },
      holdMs: 10_000,
      async whileDown() {
        const before = await groupProgress(brokers, group, topics.datasets);
        await new Promise((resolve) => setTimeout(resolve, 8_000));
        const after = await groupProgress(brokers, group, topics.datasets);
        Object.assign(progress, { before, after });
        // Nothing accepted since the refusal began is committed, and the lag grew. The committed
        // offsets may still pass messages from before it that were stored (an insert in flight as
        // the refusal began, or a stored batch delivered again after a rejoin, which the ledger
        // skips); one clean-clone run under the full suite saw them move after `before` was read.
        // A message committed but not stored would fail the exactly-once check below.
        seen.committedNothing = after.committed <= before.end && after.end > after.committed;
        seen.writerFailing = (writer.health().failingSinceMs ?? 0) > 0;
        const query = {
          range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
          select: [{ aggregate: 'count', as: 'n' }],
        };
        seen.query = (
          await control.request('POST', `/api/datasets/${tenant.slug}/${tenant.datasetId}/query`, query)
        ).status;
      },
      recover: async () => {
        for (const table of tables) await refuseInserts(warehouse, table, 3_000);
      },
    });

    // (a) The gateway never touches the warehouse: it kept accepting. The writer retried, committed
    // nothing while the lag grew, and queries kept answering (the engine refused inserts, not reads).
    expect(seen, JSON.stringify(progress)).toEqual({
      committedNothing: true,
      writerFailing: true,
      query: 200,
    });
    expect(load.answeredDuring(times.down).length).toBeGreaterThan(20);
    // (b) Only 202, before, during and after.
    expectOnlyStatuses(load.outcomes, [202]);

    // (c) It drains once inserts are taken again, and stores every accepted record exactly once.
    for (const topic of [topics.datasets, topics.logs]) await waitForCaughtUp(brokers, group, topic, 90_000);
    expect(writer.health().failingSinceMs).toBeNull();
    await writer.stop();
    await bus.close();
    await control.close();
    const figures = await expectStoredExactlyOnce(pipeline, load.outcomes);
    await warehouse.close();
    report('warehouse', { ...figures, outageMs: times.outageMs, whileDown: progress });
    await gateway.stop();
  }, 150_000);

  it('answers 503 for queries and schema registration while the warehouse is unreachable', async () => {
    // ClickHouse down, as the control API sees it: a real client on a port where nothing listens.
    const unreachable = createWarehouse({ kind: 'clickhouse', url: `http://127.0.0.1:${await freePort()}` });
    const control = await openControlProbe(pipeline, unreachable);
    const { slug, datasetId } = pipeline.tenant;
    const query = {
      range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
      select: [{ aggregate: 'count', as: 'n' }],
    };
    const queried = await control.request('POST', `/api/datasets/${slug}/${datasetId}/query`, query);
    const created = await control.request('POST', `/api/datasets/${slug}`, {
      name: 'While the warehouse is down',
    });
    expect(created.status).toBe(201);
    const { dataset } = created.body as { dataset: { id: number } };
    const registered = await control.request('POST', `/api/datasets/${slug}/${dataset.id}/schema`, {
      fields: { rid: 'string' },
    });
    expect([queried, registered].filter((answer) => !isWellFormedUnavailable(answer))).toEqual([]);
    // Nothing was registered: the dataset still waits for its schema, and the catalog answers.
    const got = await control.request('GET', `/api/datasets/${slug}/${dataset.id}`);
    expect(got).toMatchObject({ status: 200, body: { dataset: { schema: null, status: 'pending_schema' } } });
    // Ready all the same (the catalog answers): the routes above answered their own 503s, and an
    // unready pod would take login, projects and keys out of the Service with them.
    const ready = await control.request('GET', '/readyz');
    expect(ready).toMatchObject({
      status: 200,
      body: {
        ready: true,
        checks: { catalog: 'ok' },
        degraded: { warehouse: expect.not.stringMatching(/^ok$/) },
      },
    });
    await control.close();
    await unreachable.close();
  });
});
