import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  exitOf,
  groupProgress,
  openIsolatedBackends,
  spawnWriter,
  unique,
  waitForCaughtUp,
} from '../src/index.ts';
import { createLogProject, logEvent, produceLogs, startReceiver, waitUntil } from '../src/logs.ts';

const MIN_REQUESTS = 400;
const MAX_REQUESTS = 4_000;
const PER_REQUEST = 20;
const eachOnce = (requests: number) => ({
  rows: requests * PER_REQUEST,
  events: requests * PER_REQUEST,
  requests,
});

it('stores every log event exactly once and delivers every one while the writer is killed -9', {
  timeout: 120_000,
}, async () => {
  // A catalog of its own: a writer of another test file would otherwise claim the webhook's delivery
  // lanes while ours are killed, and the at-least-once count below would include its deliveries.
  const backends = await openIsolatedBackends();
  const warehouseDir = await tempDir('logs-crash');
  const setup = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const hook = await startReceiver();
  const stored = await createLogProject(backends, setup);
  const delivered = await createLogProject(backends, setup, {
    destination: { type: 'webhook', webhook_url: hook.url },
  });
  await setup.close();
  const { kafkaBrokers } = localStack();
  const options = {
    brokers: kafkaBrokers,
    namespace: backends.namespace,
    group: `writer-${unique()}`,
    warehouseDir,
    databaseUrl: backends.databaseUrl,
    // Lanes a killed writer leased come free after DELIVERY_TIMEOUT_MS + 5 s.
    env: {
      DELIVERY_TIMEOUT_MS: '2000',
      DELIVERY_POLL_MS: '100',
      DELIVERY_BACKOFF_BASE_MS: '100',
      // The receiver listens on 127.0.0.1: refused unless the operator allows it.
      DESTINATION_ALLOWED_CIDRS: '127.0.0.1/32',
    },
  };
  const children = new Set<ReturnType<typeof spawnWriter>>();
  const spawn = () => {
    const child = spawnWriter(options);
    children.add(child);
    return child;
  };

  // Production goes on until the writer was killed three times: on a loaded machine a writer can
  // take seconds to start, and a kill is only telling while records are still arriving.
  let produced = 0;
  let killing = true;
  let productionEnded = false;
  const producing = (async () => {
    for (let request = 0; request < MIN_REQUESTS || (killing && request < MAX_REQUESTS); request++) {
      const events = Array.from({ length: PER_REQUEST }, (_, i) =>
        logEvent({ message: `r${request}-e${i}` }),
      );
      const project = request % 2 === 0 ? stored : delivered;
      await produceLogs(backends.bus, backends.topics, project.id, [events], () => `req_${request}`);
      produced++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    productionEnded = true;
  })();

  try {
    // Each writer is killed right after it committed something new, so every kill lands mid-stream.
    const killedMidStream: number[] = [];
    let committed = 0;
    for (let round = 0; round < 3; round++) {
      const writer = spawn();
      await waitUntil(
        async () =>
          (await groupProgress(kafkaBrokers, options.group, backends.topics.logs)).committed > committed,
        60_000,
        `writer ${round + 1} committing`,
      );
      writer.kill('SIGKILL');
      await exitOf(writer);
      committed = (await groupProgress(kafkaBrokers, options.group, backends.topics.logs)).committed;
      if (!productionEnded) killedMidStream.push(committed);
    }
    killing = false;
    await producing;
    expect(killedMidStream).toHaveLength(3);

    const last = spawn();
    await waitForCaughtUp(kafkaBrokers, options.group, backends.topics.logs, 60_000);
    const requests = { stored: Math.ceil(produced / 2), delivered: Math.floor(produced / 2) };
    // Webhooks are at least once: every event arrives, a batch cut short by a kill may arrive twice.
    const delivery = requests.delivered * PER_REQUEST;
    await waitUntil(() => hook.messages().length === delivery, 30_000, 'every event at the webhook');
    last.kill('SIGTERM');
    expect(await exitOf(last)).toBe(0);

    const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
    const totals = await warehouse.query({
      name: 'test.log_totals',
      sql: `SELECT project_id AS project, count() AS rows, uniqExact(message) AS events, uniqExact(trace_id) AS requests
          FROM logs GROUP BY project_id ORDER BY project_id`,
      schema: z.object({
        project: z.coerce.number(),
        rows: z.coerce.number(),
        events: z.coerce.number(),
        requests: z.coerce.number(),
      }),
    });
    expect(totals).toEqual([
      { project: stored.id, ...eachOnce(requests.stored) },
      { project: delivered.id, ...eachOnce(requests.delivered) },
    ]);
    await warehouse.close();
  } finally {
    // A failed expectation must not leave a writer running after the test.
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await hook.close();
    await backends.close();
  }
});
