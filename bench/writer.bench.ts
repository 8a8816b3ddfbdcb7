import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Bus, createBus } from '@quarry/bus';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { encodeDatasetEnvelope, TOPIC_SPECS, TOPICS } from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import { createWarehouse } from '@quarry/warehouse';
import { z } from 'zod';
import {
  DatasetPartitionKeys,
  DEFAULT_HOT_DATASETS,
} from '../apps/ingest-gateway/src/datasets/partition-key.ts';
import { describeCpuSummary, summarizeCpuProfile } from './lib/cpu-profile.ts';
import {
  type AppProcess,
  cpuSeconds,
  freePort,
  samplePeak,
  startGatewayProcess,
} from './lib/gateway-process.ts';
import { openLoop } from './lib/http-load.ts';
import { BENCH_FIELDS, benchRecord, type IngestBenchSetup, setUpIngestBench } from './lib/ingest-setup.ts';
import { percentile, report } from './lib/report.ts';
import { threadCpu, threadCpuBetween } from './lib/thread-cpu.ts';
import { startWriterProcess, THIS_TREE } from './lib/writer-process.ts';

const PER_MESSAGE = 100;
const GROUP = 'quarry-writer';

/**
 * `npm run bench -- writer [--rows 1000000] [--keys 1] [--rate 50000] [--seconds 20] [--profile] [--tree <dir>]`
 *
 * The writer's production entry point in a child process (of this checkout, or of `--tree`: another
 * checkout with its dependencies installed, to measure the code before a change in the same way).
 * 1. Throughput: a topic pre-filled with `rows` rows (100-row messages of the 8-field schema) is
 *    drained into the ClickHouse engine (chDB, in the writer's process); rows/s and the writer's CPU
 *    per 1,000 rows (from /proc, split between its main thread and the others) are measured from its
 *    readiness until its group committed the whole topic. `--seconds 0` stops there. With `--keys N`
 *    the dataset is hot: its messages take N keys in turn, as the gateway spreads a hot dataset, so
 *    they land on several partitions (1, the default: one key, one partition).
 * 2. End-to-end lag: records sent through the real gateway (a child process) at a steady `rate`; lag
 *    is the time from a request's 202 to the writer's commit of as many requests (a commit follows the
 *    rows' insert and its bookkeeping, so it is at or after the moment they can be queried).
 * 3. `--profile`: the same drain again under --cpu-prof (not a headline figure), ranked by function.
 * Every row is counted in the table at the end: stored once, nothing lost.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      keys: { type: 'string', default: '1' },
      rate: { type: 'string', default: '50000' },
      seconds: { type: 'string', default: '20' },
      profile: { type: 'boolean', default: false },
      tree: { type: 'string', default: THIS_TREE },
    },
  });
  const rows = Number(values.rows);
  const keys = Number(values.keys);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const tree = resolve(values.tree);

  await ensureLocalServices();
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-writer-'));
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  const warehouseDir = join(work, 'warehouse');
  const setup = await setUpIngestBench(warehouseDir);
  const bus = await createBus({ kind: 'kafka', brokers: kafka.brokers, clientId: 'bench-writer' });
  const startWriter = (nodeFlags: string[] = []) =>
    startWriterProcess({
      tree,
      brokers: kafka.brokers,
      databaseUrl: setup.databaseUrl,
      warehouseDir,
      groupId: GROUP,
      logFile: join(work, 'writer.log'),
      nodeFlags,
    });
  let expected = 0;
  try {
    await bus.admin.ensureTopics(TOPIC_SPECS);
    log(`writer of ${tree}; pre-filling ${TOPICS.datasets} with ${rows.toLocaleString()} rows…`);
    const partitions = await prefill(bus, setup, rows, keys);
    expected += rows;

    const loadBefore = loadavg()[0] ?? Number.NaN;
    const writer = await startWriter();
    const drain = await measureDrain(bus, writer);
    log(
      `drained ${drain.rows.toLocaleString()} rows in ${drain.seconds.toFixed(1)} s: ` +
        `${drain.rowsPerS.toLocaleString()} rows/s, ${drain.cpuMsPer1000} ms CPU per 1,000 rows ` +
        `(main thread ${drain.mainCpuMsPer1000}), peak RSS ${drain.rssMb} MiB`,
    );
    log(`other threads' CPU ms per 1,000 rows: ${JSON.stringify(drain.others)}`);
    const loadAfterDrain = loadavg()[0] ?? Number.NaN;

    const lag = seconds > 0 ? await measureLag(bus, kafka.brokers, setup, work, rate, seconds) : undefined;
    expected += (lag?.accepted ?? 0) * PER_MESSAGE;
    await writer.stop();

    if (values.profile) {
      await prefill(bus, setup, rows, keys);
      expected += rows;
      await profileDrain(bus, startWriter, work);
    }

    const stored = await countRows(warehouseDir, setup.datasetId);
    log(`stored ${stored.toLocaleString()} rows, expected ${expected.toLocaleString()}`);
    if (stored !== expected) throw new Error(`expected ${expected} rows stored once, found ${stored}`);
    report('writer', {
      tree,
      rows,
      keys,
      partitions,
      rows_per_s: drain.rowsPerS,
      drain_seconds: Math.round(drain.seconds * 10) / 10,
      cpu_ms_per_1000_rows: drain.cpuMsPer1000,
      main_thread_cpu_ms_per_1000_rows: drain.mainCpuMsPer1000,
      other_threads_cpu_ms_per_1000_rows:
        Math.round((drain.cpuMsPer1000 - drain.mainCpuMsPer1000) * 100) / 100,
      writer_cpu_percent: drain.cpuPercent,
      writer_rss_mb: drain.rssMb,
      load_avg_1m_before: round1(loadBefore),
      load_avg_1m_after_drain: round1(loadAfterDrain),
      ...(lag
        ? {
            target_records_per_s: rate,
            sent_records_per_s: lag.sentRecordsPerS,
            gateway_p99_ms: lag.gatewayP99Ms,
            refused_requests: lag.refused,
            lag_p50_ms: lag.p50Ms,
            lag_p99_ms: lag.p99Ms,
            lag_samples: lag.samples,
            load_avg_1m_after_lag: round1(lag.loadAfter),
          }
        : {}),
      stored_rows: stored,
    });
  } finally {
    await bus.close();
    await setup.cleanup();
    await kafka.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** From the writer's readiness until its group committed the whole topic: rate and CPU per row. */
async function measureDrain(bus: Bus, writer: AppProcess) {
  const peakRss = samplePeak(writer.rssMb);
  const startedAt = performance.now();
  const cpuBefore = cpuSeconds(writer.pid);
  const threadsBefore = threadCpu(writer.pid);
  const { committed: committedBefore, end } = await groupPosition(bus);
  await untilCommitted(bus, end, writer);
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = cpuSeconds(writer.pid) - cpuBefore;
  const threads = threadCpuBetween(writer.pid, threadsBefore, threadCpu(writer.pid));
  const drained = Number(end - committedBefore) * PER_MESSAGE;
  const per1000 = (cpuSecondsUsed: number) => Math.round((cpuSecondsUsed * 1e8) / drained) / 100;
  return {
    rows: drained,
    seconds,
    rowsPerS: Math.round(drained / seconds),
    cpuMsPer1000: per1000(cpu),
    mainCpuMsPer1000: per1000(threads.mainSeconds),
    others: Object.fromEntries(threads.others.slice(0, 8).map(([name, used]) => [name, per1000(used)])),
    cpuPercent: Math.round((100 * cpu) / seconds),
    rssMb: peakRss(),
  };
}

/** Lag from each 202 to the writer's commit of that many requests, at a steady rate through the gateway. */
async function measureLag(
  bus: Bus,
  brokers: string[],
  setup: IngestBenchSetup,
  work: string,
  rate: number,
  seconds: number,
) {
  log(`end-to-end lag at ${rate.toLocaleString()} records/s through the gateway for ${seconds} s…`);
  const gateway = await startGatewayProcess({
    port: await freePort(),
    logFile: join(work, 'gateway.log'),
    env: {
      KAFKA_BROKERS: brokers.join(','),
      REDIS_URL: setup.redisUrl,
      DATABASE_URL: setup.databaseUrl,
      LOG_LEVEL: 'warn',
      MAX_IN_FLIGHT: '5000',
    },
  });
  const body = Buffer.from(JSON.stringify(Array.from({ length: PER_MESSAGE }, (_, i) => benchRecord(i))));
  const accepted: number[] = [];
  const committed: { at: number; messages: bigint }[] = [];
  const base = (await groupPosition(bus)).committed;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const { committed: now } = await groupPosition(bus);
      committed.push({ at: performance.now(), messages: now - base });
      await new Promise((done) => setTimeout(done, 20));
    }
  })();
  const load = await openLoop(
    {
      origin: gateway.url,
      path: `/datasets/${setup.datasetId}/batch`,
      headers: { authorization: `Bearer ${setup.apiKey}`, 'content-type': 'application/json' },
      bodies: [body],
      recordsPerRequest: PER_MESSAGE,
      onAccepted: (at: number) => accepted.push(at),
    },
    { requestsPerSecond: rate / PER_MESSAGE, seconds, warmupSeconds: 0, connections: 64 },
  );
  await untilCommitted(bus, (await groupPosition(bus)).end);
  polling = false;
  await poller;
  await gateway.stop();
  // The k-th accepted request is stored once the group committed k requests past the base.
  accepted.sort((a, b) => a - b);
  const lags = accepted.map((at, k) => {
    const seen = committed.find((sample) => sample.messages >= BigInt(k + 1));
    return seen ? Math.max(0, seen.at - at) : Number.NaN;
  });
  const finite = lags.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    accepted: accepted.length,
    sentRecordsPerS: load.records_per_s,
    gatewayP99Ms: load.p99_ms,
    refused: Object.values(load.refused).reduce((sum, n) => sum + n, 0),
    p50Ms: Math.round(percentile(finite, 0.5)),
    p99Ms: Math.round(percentile(finite, 0.99)),
    samples: finite.length,
    loadAfter: loadavg()[0] ?? Number.NaN,
  };
}

/** A second drain under --cpu-prof: where the writer's JavaScript time goes (profiling slows it). */
async function profileDrain(bus: Bus, startWriter: (flags: string[]) => Promise<AppProcess>, work: string) {
  const dir = join(work, 'profile');
  await mkdir(dir, { recursive: true });
  const writer = await startWriter(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const drain = await measureDrain(bus, writer);
  await writer.stop();
  log(`profiled drain (not a headline figure): ${drain.rowsPerS.toLocaleString()} rows/s`);
  const summary = summarizeCpuProfile(dir, 25);
  log(`profile: ${summary.totalMs} ms of main-thread CPU sampled over the writer's life`);
  for (const line of describeCpuSummary(summary)) log(line);
}

/** Fills the datasets topic; resolves to how many partitions the rows landed on. */
async function prefill(bus: Bus, setup: IngestBenchSetup, rows: number, keys: number): Promise<number> {
  const validate = compileRecordValidator({ fields: BENCH_FIELDS });
  // The gateway's own choice of keys for a dataset pinned as hot (one key when `keys` is 1).
  const partitionKeys = new DatasetPartitionKeys({
    ...DEFAULT_HOT_DATASETS,
    keys,
    forced: new Set([setup.datasetId]),
  });
  const before = await bus.admin.offsets(TOPICS.datasets, GROUP);
  const message = (n: number) => {
    const records = Array.from({ length: PER_MESSAGE }, (_, i) => {
      const result = validate(benchRecord(n * PER_MESSAGE + i));
      if (!result.ok) throw new Error(result.message);
      return result.row;
    });
    return {
      key: partitionKeys.keyFor(setup.datasetId, PER_MESSAGE),
      value: encodeDatasetEnvelope({
        datasetId: setup.datasetId,
        projectId: setup.projectId,
        acceptedAt: new Date().toISOString(),
        traceId: `prefill-${n}`,
        rows: records,
      }),
    };
  };
  const producer = bus.producer();
  const messages = rows / PER_MESSAGE;
  for (let n = 0; n < messages; n += 100) {
    await producer.send(
      TOPICS.datasets,
      Array.from({ length: Math.min(100, messages - n) }, (_, i) => message(n + i)),
    );
  }
  await producer.close();
  const after = await bus.admin.offsets(TOPICS.datasets, GROUP);
  return after.filter(({ partition, end }) => before.find((p) => p.partition === partition)?.end !== end)
    .length;
}

/** Messages committed by the group and appended to the topic, summed over its partitions. */
async function groupPosition(bus: Bus): Promise<{ committed: bigint; end: bigint }> {
  const offsets = await bus.admin.offsets(TOPICS.datasets, GROUP);
  return {
    committed: offsets.reduce((sum, { committed }) => sum + BigInt(committed ?? '0'), 0n),
    end: offsets.reduce((sum, { end }) => sum + BigInt(end), 0n),
  };
}

async function untilCommitted(bus: Bus, end: bigint, writer?: AppProcess, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await groupPosition(bus)).committed < end) {
    if (writer?.exitCode() != null) throw new Error(`the writer exited with code ${writer.exitCode()}`);
    if (Date.now() > deadline) throw new Error('the writer did not catch up');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Counted from this process once the writer has exited (chDB locks its directory). */
async function countRows(warehouseDir: string, datasetId: number): Promise<number> {
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  try {
    const [row] = await warehouse.query({
      name: 'bench.count',
      sql: `SELECT count() AS n FROM \`ds_${datasetId}\``,
      schema: z.object({ n: z.coerce.number() }),
    });
    return row?.n ?? 0;
  } finally {
    await warehouse.close();
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function log(line: string): void {
  process.stderr.write(`[bench writer] ${line}\n`);
}
