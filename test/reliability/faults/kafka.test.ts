import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { type RunningKafka, startKafka } from '@quarry/local-stack';
import { tempDir } from '@quarry/testkit';
import { expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../../apps/ingest-gateway/src/testing.ts';
import { openControlProbe } from './control-probe.ts';
import {
  expectOnlyStatuses,
  expectStoredExactlyOnce,
  FaultLoad,
  readiness,
  report,
  runOutage,
} from './harness.ts';
import { openPipeline, type Pipeline, startGateway, startWriter } from './pipeline.ts';

const CLI = resolve(import.meta.dirname, '../../../apps/control-api/src/cli.ts');

/** `quarry lag` against the broker that is down: its exit code. */
async function lagExitCode(pipeline: Pipeline): Promise<unknown> {
  const run = promisify(execFile)(process.execPath, [CLI, 'lag', '--group', pipeline.group], {
    env: {
      ...process.env,
      KAFKA_BROKERS: pipeline.brokers.join(','),
      KAFKA_TOPIC_NAMESPACE: pipeline.namespace,
    },
    timeout: 60_000,
  });
  return run.then(
    () => 0,
    (error: { code?: unknown }) => error.code,
  );
}

it('refuses with 503 while the broker is down, accepts again after, and stores every 202 once', async () => {
  // A broker of this test's own: the run's shared one serves the other test files.
  const [dataDir, port] = [await tempDir('faults-kafka'), await freePort()];
  let kafka: RunningKafka = await startKafka({ dataDir, port });
  onTestFinished(() => kafka.stop()); // also when an assertion failed half-way
  const pipeline = await openPipeline({ brokers: kafka.brokers });
  const [gateway, writer, control] = await Promise.all([
    startGateway(pipeline),
    startWriter(pipeline),
    openControlProbe(pipeline),
  ]);
  const load = new FaultLoad(gateway.url, pipeline.tenant);
  const whileDown = {
    gateway: { status: 0, failing: [''] },
    writer: { status: 0, failing: [''] },
    control: 0,
    lag: -1 as unknown,
  };

  const times = await runOutage(load, {
    inject: () => kafka.stop(),
    holdMs: 10_000,
    async whileDown() {
      whileDown.lag = await lagExitCode(pipeline);
      whileDown.gateway = await readiness(gateway.url);
      whileDown.writer = await readiness(writer.url);
      whileDown.control = (await control.request('GET', `/api/datasets/${pipeline.tenant.slug}`)).status;
    },
    recover: async () => {
      kafka = await startKafka({ dataDir, port });
    },
  });

  // (a) Nothing is accepted that is not durable: a 202 needs the broker's ack, so none is answered
  // while it is down; the requests of that time wait for the producer's retries, then get 503s.
  expect(load.answeredDuring(times.down).filter((o) => o.status === 202)).toEqual([]);
  expect(load.outcomes.filter((o) => o.status === 503).length).toBeGreaterThan(0);
  // Both not ready and naming the broker; the control API does not use Kafka, its CLI lag command fails.
  expect(whileDown).toEqual({
    gateway: { status: 503, failing: ['bus'] },
    writer: { status: 503, failing: expect.arrayContaining(['bus']) },
    control: 200,
    lag: 1,
  });
  // (b) Only 202, or 503 with Retry-After in the contract's envelope.
  expectOnlyStatuses(load.outcomes, [202, 503]);

  // (c) The writer resumes from its committed offsets and stores every accepted record once.
  expect(await writer.drain()).toBe(0);
  await control.close();
  const figures = await expectStoredExactlyOnce(pipeline, load.outcomes);
  const refusals = load.outcomes.filter((o) => o.status === 503).map((o) => o.endedAt - o.startedAt);
  report('kafka', { ...figures, outageMs: times.outageMs, slowestRefusalMs: Math.max(...refusals) });

  await gateway.stop();
  await pipeline.close();
}, 180_000);
