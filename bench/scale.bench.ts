import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBus } from '@quarry/bus';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { DEFAULT_PARTITIONS } from '@quarry/pipeline';
import { findPid } from './lib/gateway-process.ts';
import { benchRecord, openBenchProject } from './lib/ingest-setup.ts';
import { datasetsOnEveryPartition } from './lib/partition-spread.ts';
import { report } from './lib/report.ts';
import { type RunFigures, runScale } from './lib/scale-run.ts';

/** Run A is one of each; run B two gateways on one port and two writers in one group. */
const TOPOLOGIES = [
  { name: 'A', gateways: 1, writers: 1 },
  { name: 'B', gateways: 2, writers: 2 },
] as const;

/**
 * `npm run bench -- scale [--seconds 15] [--warmup-seconds 5] [--lag-seconds 10] [--connections 16] [--rounds 2]
 *  [--records-per-request 100] [--lag-rate <records/s>]`
 *
 * Scale-out on one machine against one broker of its own: run A (one gateway, one writer) and run B
 * (two gateways sharing one port through SO_REUSEPORT, two writers in one consumer group), A then B
 * in each round. Each run: the most the gateways accept in a closed loop, stored (committed by the
 * writers) records/s and CPU per 1,000 records of every process; then end-to-end lag at a fixed rate
 * (half of what A stored that round, the same for B). Load goes to one dataset per partition, so the
 * group's split is even. 1 record per request uses the single-record endpoint.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '15' },
      'warmup-seconds': { type: 'string', default: '5' },
      'lag-seconds': { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '2' },
      'records-per-request': { type: 'string', default: '100' },
      'lag-rate': { type: 'string' },
    },
  });
  const recordsPerRequest = Number(values['records-per-request']);
  await ensureLocalServices();
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-scale-'));
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  const template = join(work, 'warehouse-template');
  const project = await openBenchProject(template);
  const bus = await createBus({ kind: 'kafka', brokers: kafka.brokers, clientId: 'bench-scale' });
  try {
    const spread = await datasetsOnEveryPartition({
      bus,
      partitions: DEFAULT_PARTITIONS.datasets,
      addDataset: project.addDataset,
    });
    await project.close(); // the writers copy the template directory: chDB must have let go of it
    log(`${spread.datasetIds.length} datasets, one per partition (${spread.created} created to find them)`);
    const brokerPid = findPid(join(work, 'kafka', 'server.properties'));
    if (!brokerPid) throw new Error('the broker process was not found');

    const runs: RunFigures[] = [];
    for (let round = 1; round <= Number(values.rounds); round++) {
      let lagRate = values['lag-rate'] ? Number(values['lag-rate']) : undefined;
      for (const topology of TOPOLOGIES) {
        log(
          `round ${round}, run ${topology.name}: ${topology.gateways} gateway(s), ${topology.writers} writer(s)…`,
        );
        const figures = await runScale({
          ...topology,
          round,
          bus,
          brokerPid,
          brokerLogDir: join(work, 'kafka', 'logs'),
          topology: {
            brokers: kafka.brokers,
            databaseUrl: project.databaseUrl,
            redisUrl: project.redisUrl,
            warehouseTemplate: template,
            work,
          },
          target: loadTarget(spread.datasetIds, project.apiKey, recordsPerRequest),
          connections: Number(values.connections),
          seconds: Number(values.seconds),
          warmupSeconds: Number(values['warmup-seconds']),
          lagSeconds: Number(values['lag-seconds']),
          ...(lagRate ? { lagRate } : {}),
        });
        lagRate = Number(figures.lag_rate); // B is measured at the rate A was
        log(JSON.stringify(figures));
        runs.push(figures);
      }
    }
    report('scale', summarize(runs, { recordsPerRequest, datasets: spread.datasetIds.length, values }));
  } finally {
    await bus.close();
    await project.close().catch(() => undefined);
    await project.cleanup();
    await kafka.stop();
    await rm(work, { recursive: true, force: true });
  }
}

function loadTarget(datasetIds: number[], apiKey: string, recordsPerRequest: number) {
  const single = recordsPerRequest === 1;
  const bodies = Array.from({ length: 8 }, (_, b) => {
    const records = Array.from({ length: recordsPerRequest }, (_, i) =>
      benchRecord(b * recordsPerRequest + i),
    );
    return Buffer.from(JSON.stringify(single ? records[0] : records));
  });
  return {
    path: '',
    pathAt: (index: number) => `/datasets/${datasetIds[index % datasetIds.length]}${single ? '' : '/batch'}`,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    bodies,
    recordsPerRequest,
  };
}

/** Medians per topology, B/A ratios within each round (then their median), and every run. */
function summarize(
  runs: RunFigures[],
  context: { recordsPerRequest: number; datasets: number; values: Record<string, unknown> },
): Record<string, number | string> {
  const of = (name: string) => runs.filter((run) => run.run === name);
  const median = (numbers: number[]) => {
    const sorted = [...numbers].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2
      ? (sorted[middle] ?? Number.NaN)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  };
  const figures: Record<string, number | string> = {};
  const numeric = Object.keys(runs[0] ?? {}).filter(
    (key) => typeof runs[0]?.[key] === 'number' && key !== 'round',
  );
  for (const name of ['A', 'B']) {
    for (const key of numeric)
      figures[`${name.toLowerCase()}_${key}`] = round2(median(of(name).map((run) => Number(run[key]))));
  }
  const ratio = (key: string) =>
    Math.round(1000 * median(of('B').map((b, i) => Number(b[key]) / Number(of('A')[i]?.[key])))) / 1000;
  for (const key of [
    'stored_records_per_s',
    'accepted_records_per_s',
    'total_cpu_ms_per_1000',
    'gateway_cpu_ms_per_1000',
    'gateway_net_cpu_ms_per_1000',
    'writer_net_cpu_ms_per_1000',
    'writer_cpu_ms_per_1000',
    'lag_p50_ms',
    'lag_p99_ms',
  ]) {
    figures[`ratio_b_a_${key}`] = ratio(key);
  }
  // Cores per 100,000 records/s of each role, from A's per-record CPU net of idle: what sizing multiplies.
  for (const role of ['gateway', 'writer', 'broker']) {
    figures[`cores_per_100k_records_per_s_${role}`] = round2(
      Number(figures[`a_${role}_net_cpu_ms_per_1000`]) / 10,
    );
  }
  figures.b_connections_per_gateway = of('B')
    .map((run) => run.connections_per_gateway)
    .join(' ');
  figures.b_rows_per_writer = of('B')
    .map((run) => run.rows_per_writer)
    .join(' ');
  return {
    ...figures,
    records_per_request: context.recordsPerRequest,
    datasets: context.datasets,
    connections: Number(context.values.connections),
    seconds: Number(context.values.seconds),
    rounds: runs.length / 2,
    cores: availableParallelism(),
    commit: commitOfTree(),
    runs: JSON.stringify(runs),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function commitOfTree(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function log(line: string): void {
  process.stderr.write(`[bench scale] ${line}\n`);
}
