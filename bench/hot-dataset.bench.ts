import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Bus, createBus } from '@quarry/bus';
import { DatasetPartitionKeys, DEFAULT_HOT_DATASETS } from '@quarry/ingest-gateway';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import {
  DEFAULT_PARTITIONS,
  encodeDatasetEnvelope,
  type Topics,
  topicNames,
  topicSpecs,
} from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import { summarizeCpuProfile } from './lib/cpu-profile.ts';
import { BENCH_FIELDS, benchRecord, type IngestBenchSetup, setUpIngestBench } from './lib/ingest-setup.ts';
import { report } from './lib/report.ts';
import { startWriterGroup } from './lib/writer-group.ts';

const PER_MESSAGE = 100;
const WRITERS = 2;
type Mode = 'one_key' | 'overflow';

interface Run {
  mode: Mode;
  rowsPerS: number;
  cpuMsPer1000Rows: number;
  partitionsUsed: number;
  /** The busiest writer's share of the rows, in percent: 100 means one writer did everything. */
  topWriterPercent: number;
  rowsPerWriter: string;
  load: string;
}

/**
 * `npm run bench -- hot-dataset [--rows 100000] [--rounds 2] [--keys 8] [--profile]`
 *
 * One hot dataset, two writers in one group (processes, each on its own chDB directory), topics of
 * 12 partitions. Each round runs both modes, alternating which goes first: `one_key` (every message
 * keyed `dataset:<id>`, as before issue 19, or HOT_DATASET_PARTITION_KEYS=1) and `overflow` (the keys
 * the gateway's DatasetPartitionKeys gives a hot dataset). A run produces `rows` rows in 100-row
 * messages and measures until the group committed them all: rows/s, writer CPU per 1,000 rows (both
 * writers, /proc), partitions used, the busiest writer's share, the load average before and after.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      rounds: { type: 'string', default: '2' },
      keys: { type: 'string', default: String(DEFAULT_HOT_DATASETS.keys) },
      profile: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const keys = Number(values.keys);
  await ensureLocalServices();
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-hot-'));
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  const setup = await setUpIngestBench(join(work, 'warehouse'));
  const bus = await createBus({ kind: 'kafka', brokers: kafka.brokers, clientId: 'bench-hot' });
  const runs: Run[] = [];
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      const modes: Mode[] = round % 2 === 0 ? ['one_key', 'overflow'] : ['overflow', 'one_key'];
      for (const mode of modes) {
        const runDir = join(work, `${mode}-${round}`);
        await mkdir(runDir);
        const run = await measure({
          mode,
          round,
          rows,
          keys,
          runDir,
          kafka,
          setup,
          bus,
          profile: values.profile,
        });
        console.log(`round ${round + 1} ${mode}: ${JSON.stringify(run)}`);
        if (values.profile) printProfiles(runDir);
        runs.push(run);
      }
    }
    report('hot-dataset', figures(runs, rows, keys));
  } finally {
    await bus.close();
    await setup.cleanup();
    await kafka.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** One run: a fresh namespace and group, the writers settled, `rows` rows produced and committed. */
async function measure(options: {
  mode: Mode;
  round: number;
  rows: number;
  keys: number;
  runDir: string;
  kafka: { brokers: string[] };
  setup: IngestBenchSetup;
  bus: Bus;
  profile: boolean;
}): Promise<Run> {
  const { mode, rows, runDir, setup, bus } = options;
  const namespace = `bench-hot-${mode}-${options.round}`;
  const topics = topicNames(namespace);
  await bus.admin.ensureTopics(topicSpecs(topics));
  const group = await startWriterGroup({
    count: WRITERS,
    partitions: DEFAULT_PARTITIONS.datasets + DEFAULT_PARTITIONS.logs,
    brokers: options.kafka.brokers,
    namespace,
    group: namespace,
    databaseUrl: setup.databaseUrl,
    warehouseTemplate: join(runDir, '..', 'warehouse'),
    workDir: runDir,
    // Batches of a few MiB: at a load average of 30+ a 32 MiB batch can take longer than the session
    // timeout to decode, and its writer leaves the group over and over. Both modes alike.
    env: { BATCH_MAX_BYTES: String(4 * 1024 * 1024), BATCH_MAX_ROWS: '10000' },
    nodeFlags: (n) =>
      options.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(runDir, `profile-${n}`)}`] : [],
  });
  try {
    const loadBefore = loadavg()[0] ?? 0;
    const cpuBefore = group.cpuSeconds();
    const started = performance.now();
    const partitionKeys = new DatasetPartitionKeys({
      ...DEFAULT_HOT_DATASETS,
      keys: mode === 'overflow' ? options.keys : 1,
      forced: new Set([setup.datasetId]),
    });
    await produce(bus, topics, setup, rows, (records) => partitionKeys.keyFor(setup.datasetId, records));
    await untilCommitted(bus, topics.datasets, namespace);
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = (group.cpuSeconds() - cpuBefore) * 1000;
    const perWriter = await group.datasetRows();
    const offsets = await bus.admin.offsets(topics.datasets, namespace);
    return {
      mode,
      rowsPerS: Math.round(rows / seconds),
      cpuMsPer1000Rows: Math.round((cpuMs / rows) * 1000 * 100) / 100,
      partitionsUsed: offsets.filter(({ end }) => BigInt(end) > 0n).length,
      topWriterPercent: Math.round((100 * Math.max(...perWriter)) / Math.max(1, sum(perWriter))),
      rowsPerWriter: perWriter.join(' '),
      load: `${loadBefore.toFixed(1)}-${(loadavg()[0] ?? 0).toFixed(1)}`,
    };
  } finally {
    await group.stop();
  }
}

/** `rows` rows of the 8-field schema as 100-row messages, keyed by `keyOf`, 100 messages per send. */
async function produce(
  bus: Bus,
  topics: Topics,
  setup: { datasetId: number; projectId: number },
  rows: number,
  keyOf: (records: number) => string,
): Promise<void> {
  const validate = compileRecordValidator({ fields: BENCH_FIELDS });
  const body = Array.from({ length: PER_MESSAGE }, (_, i) => {
    const result = validate(benchRecord(i));
    if (!result.ok) throw new Error(result.message);
    return result.row;
  });
  const message = (n: number) => ({
    key: keyOf(PER_MESSAGE),
    value: encodeDatasetEnvelope({
      datasetId: setup.datasetId,
      projectId: setup.projectId,
      acceptedAt: new Date().toISOString(),
      traceId: `hot-${n}`,
      rows: body,
    }),
  });
  // Four sends of 100 messages in flight, so producing stays a small part of the measured time.
  const producer = bus.producer();
  const total = rows / PER_MESSAGE;
  let next = 0;
  const sender = async () => {
    while (next < total) {
      const first = next;
      next = Math.min(total, first + 100);
      await producer.send(
        topics.datasets,
        Array.from({ length: next - first }, (_, i) => message(first + i)),
      );
    }
  };
  await Promise.all([sender(), sender(), sender(), sender()]);
  await producer.close();
}

async function untilCommitted(bus: Bus, topic: string, group: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const offsets = await bus.admin.offsets(topic, group);
    if (offsets.every(({ end, committed }) => BigInt(committed ?? '0') >= BigInt(end))) return;
    if (Date.now() > deadline) throw new Error(`group ${group} did not commit ${topic}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Per mode the median of the rounds; per round the overflow/one_key ratio of rows/s, in the same round. */
function figures(runs: Run[], rows: number, keys: number): Record<string, number | string> {
  const of = (mode: Mode) => runs.filter((run) => run.mode === mode);
  const ratios = of('overflow').map(
    (run, round) => run.rowsPerS / (of('one_key')[round]?.rowsPerS ?? Number.NaN),
  );
  const result: Record<string, number | string> = {
    rows,
    writers: WRITERS,
    partitions: DEFAULT_PARTITIONS.datasets,
    overflow_keys: keys,
  };
  for (const mode of ['one_key', 'overflow'] as const) {
    const mine = of(mode);
    result[`${mode}_rows_per_s`] = median(mine.map((run) => run.rowsPerS));
    result[`${mode}_cpu_ms_per_1000_rows`] = median(mine.map((run) => run.cpuMsPer1000Rows));
    result[`${mode}_partitions_used`] = median(mine.map((run) => run.partitionsUsed));
    result[`${mode}_top_writer_percent`] = median(mine.map((run) => run.topWriterPercent));
    result[`${mode}_rows_per_s_by_round`] = mine.map((run) => run.rowsPerS).join(' ');
    result[`${mode}_load_by_round`] = mine.map((run) => run.load).join(' ');
  }
  result.rows_per_s_ratio_by_round = ratios.map((ratio) => ratio.toFixed(2)).join(' ');
  result.rows_per_s_ratio = Math.round(median(ratios) * 100) / 100;
  return result;
}

function printProfiles(runDir: string): void {
  for (let n = 0; n < WRITERS; n++) {
    const summary = summarizeCpuProfile(join(runDir, `profile-${n}`), 8);
    console.log(`  writer ${n} profile: ${summary.totalMs} ms on the JS thread; by area:`);
    for (const cost of summary.byArea) console.log(`    ${cost.percent}% ${cost.name}`);
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
