import { cp, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBus } from '@quarry/bus';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { encodeDatasetEnvelope, MAX_MESSAGE_BYTES, TOPIC_SPECS } from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import { CpuMeter } from './lib/cpu-meter.ts';
import { describeCpuSummary, summarizeCpuProfile } from './lib/cpu-profile.ts';
import { floorCpuAtRate, startFloorServer } from './lib/floor-server-process.ts';
import {
  findPid,
  freePort,
  type GatewayProcess,
  samplePeak,
  startGatewayProcess,
} from './lib/gateway-process.ts';
import { closedLoop, type LoadResult, type LoadTarget, openLoop } from './lib/http-load.ts';
import { BENCH_FIELDS, benchRecord, type IngestBenchSetup, setUpIngestBench } from './lib/ingest-setup.ts';
import { RECORDS_PER_BATCH, VARIANTS, type Variant, variantTarget } from './lib/ingest-variants.ts';
import { flushDirtyPages, sampleLoadRange } from './lib/process-cpu.ts';
import { runProducerPerformance } from './lib/producer-perf.ts';
import { report } from './lib/report.ts';

const PERF_TOPIC = 'bench.producer-perf';
type Figures = Record<string, number | string>;

/**
 * `npm run bench -- ingest [--variant batch|single|ingest|idempotent|all] [--seconds 20]
 *  [--connections 16] [--half-seconds 15] [--profile] [--tree <worktree>]`
 *
 * The real gateway (of `--tree`, this one unless told, started as that tree's image starts it, in a
 * child process, so its CPU and RSS are its own) into a broker of its own; PostgreSQL and Redis are the
 * machine's, with a fresh database. Variants: `batch` 100-record batches of an 8-field schema (then the
 * same at half the measured maximum rate, then Kafka's ProducerPerformance sending as many messages of
 * the same size to the same broker); `single` one record per request on POST /datasets/:id; `ingest`
 * one log event per request on /v1/ingest (each then HTTP alone, hono, paced at the rate it reached
 * for `half-seconds`: its CPU per request and the gateway's as a multiple of it); `idempotent` the
 * batch with an Idempotency-Key unique per request, alternated with the plain batch on one gateway
 * (plain first, then keyed first), their ratio measured in the same run. Each phase starts after a `sync` (see flushDirtyPages).
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      variant: { type: 'string', default: 'all' },
      seconds: { type: 'string', default: '20' },
      'half-seconds': { type: 'string', default: '15' },
      connections: { type: 'string', default: '16' },
      profile: { type: 'boolean', default: false },
      tree: { type: 'string', default: resolve(import.meta.dirname, '..') },
      /** Where to copy the .cpuprofile files of --profile (else they are deleted with the run). */
      'keep-profiles': { type: 'string' },
    },
  });
  const variants = values.variant === 'all' ? [...VARIANTS] : [values.variant as Variant];
  if (!variants.every((variant) => VARIANTS.includes(variant)))
    throw new Error(`--variant must be one of ${VARIANTS.join(', ')}, all`);
  const load = { connections: Number(values.connections), seconds: Number(values.seconds) };

  await ensureLocalServices();
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-ingest-'));
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  const setup = await setUpIngestBench(join(work, 'warehouse'));
  try {
    const admin = await createBus({ kind: 'kafka', brokers: kafka.brokers, clientId: 'bench-admin' });
    await admin.admin.ensureTopics([
      ...TOPIC_SPECS,
      // One partition, as one dataset's messages (one key) get in the gateway's topic.
      { topic: PERF_TOPIC, partitions: 1, config: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) } },
    ]);
    await admin.close();
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: setup.redisUrl,
      DATABASE_URL: setup.databaseUrl,
      LOG_LEVEL: 'info',
      // /v1/ingest is rate limited per key and its logs have a small free quota: neither is measured here.
      LOG_RATE_PER_SECOND: '1000000',
      LOG_RATE_BURST: '1000000',
      DEFAULT_LOGS_QUOTA: '-1',
    };
    const start = async (nodeFlags: string[] = []) =>
      startGatewayProcess({
        tree: values.tree,
        port: await freePort(),
        env,
        logFile: join(work, 'gateway.log'),
        nodeFlags,
      });
    const brokerPid = findPid(join(work, 'kafka', 'server.properties'));
    log(
      `gateway of ${values.tree}; variants ${variants.join(', ')}; ${load.connections} connections, ${load.seconds} s each`,
    );

    let figures: Figures = { tree: values.tree, connections: load.connections, seconds: load.seconds };
    for (const variant of variants) {
      const loadRange = sampleLoadRange();
      const gateway = await start();
      const measured =
        variant === 'idempotent'
          ? await measureIdempotency(gateway, setup, load, brokerPid)
          : await measureVariant(gateway, variantTarget(variant, setup), load, brokerPid);
      if (variant === 'batch') {
        const { target } = variantTarget('batch', setup);
        Object.assign(measured, await halfRate(target(gateway.url), measured, values));
      }
      await gateway.stop();
      if (variant === 'single' || variant === 'ingest') {
        const seconds = Number(values['half-seconds']);
        const prefix = variantTarget(variant, setup).prefix;
        Object.assign(measured, await againstHttpFloor(measured, prefix, { ...load, seconds }));
      }
      figures = { ...figures, ...measured };
      figures[`${variantTarget(variant, setup).prefix}load_avg_1m`] = loadRange.stop();
      if (values.profile) {
        const dir = await profileRun(start, variantTarget(variant, setup).target, work, load);
        const keep = values['keep-profiles'];
        if (keep) await cp(dir, join(keep, `${variant}-${Date.now()}`), { recursive: true });
      }
    }
    if (variants.includes('batch'))
      Object.assign(figures, await brokerComparison(kafka.brokers, setup, figures));
    report('ingest', figures);
  } finally {
    await kafka.stop();
    await setup.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

/** Closed loop at full rate: rate, latency, and the gateway's CPU per request (warm-up included). */
async function measureVariant(
  gateway: GatewayProcess,
  variant: ReturnType<typeof variantTarget>,
  load: { connections: number; seconds: number },
  brokerPid: number | undefined,
): Promise<Figures> {
  log(`  sync before the phase: ${flushDirtyPages()} ms`);
  const rssIdleMb = gateway.rssMb();
  const peakRss = samplePeak(gateway.rssMb);
  const cpu = new CpuMeter({ gateway: gateway.pid, broker: brokerPid });
  let warm: CpuMeter | undefined;
  const run = await closedLoop(variant.target(gateway.url), {
    ...load,
    warmupSeconds: 3,
    onMeasureStart: () => {
      warm = new CpuMeter({ gateway: gateway.pid });
    },
  });
  const shares = cpu.percent();
  const cpuUs = (cpu.seconds('gateway') * 1e6) / run.allRequests;
  // The same after the warm-up alone: without the gateway's compilation and a broker just started.
  const warmCpuUs = ((warm?.seconds('gateway') ?? Number.NaN) * 1e6) / run.requests;
  describeRun(variant.describe, run);
  log(
    `  CPU (100% = one core of ${availableParallelism()}): ${JSON.stringify(shares)}; gateway ${Math.round(cpuUs)} µs per request, ${Math.round(warmCpuUs)} after the warm-up`,
  );
  const p = variant.prefix;
  return {
    [`${p}records_per_s`]: run.records_per_s,
    [`${p}requests_per_s`]: Math.round(run.accepted / run.seconds),
    [`${p}p50_ms`]: run.p50_ms,
    [`${p}p99_ms`]: run.p99_ms,
    [`${p}gateway_cpu_us_per_request`]: Math.round(cpuUs),
    [`${p}gateway_cpu_us_per_request_warm`]: Math.round(warmCpuUs),
    ...(p === '' ? { gateway_cpu_ms_per_request: Math.round(cpuUs / 10) / 100 } : {}),
    [`${p}gateway_cpu_percent`]: shares.gateway ?? Number.NaN,
    [`${p}broker_cpu_percent`]: shares.broker ?? Number.NaN,
    [`${p}load_generator_cpu_percent`]: shares.load ?? Number.NaN,
    [`${p}rss_mb`]: peakRss(),
    [`${p}rss_idle_mb`]: rssIdleMb,
    [`${p}refused`]: Object.values(run.refused).reduce((sum, count) => sum + count, 0),
  };
}

/**
 * HTTP alone (hono on its node adapter, floor-server.ts) paced at the rate the variant reached, in
 * the same run, with the gateway stopped: a single-record request's CPU as a multiple of it carries
 * between machines better than microseconds do (this figure moved 1.5× from one machine to another).
 */
async function againstHttpFloor(
  measured: Figures,
  prefix: string,
  load: { connections: number; seconds: number },
): Promise<Figures> {
  const rate = Number(measured[`${prefix}requests_per_s`]);
  const server = await startFloorServer('hono');
  try {
    const floor = await floorCpuAtRate(server, { rate, ...load });
    const times =
      Math.round((Number(measured[`${prefix}gateway_cpu_us_per_request_warm`]) / floor) * 100) / 100;
    log(
      `  HTTP alone (hono) at ${rate} requests/s: ${floor} µs per request; the gateway after the warm-up ${times}×`,
    );
    return { [`${prefix}http_floor_cpu_us_per_request`]: floor, [`${prefix}over_http_floor`]: times };
  } finally {
    await server.stop();
  }
}

/**
 * The batch without and with an Idempotency-Key on one gateway, alternated twice (plain, keyed,
 * keyed, plain, half the seconds each), so both see the same machine; figures and their ratios.
 */
async function measureIdempotency(
  gateway: GatewayProcess,
  setup: IngestBenchSetup,
  load: { connections: number; seconds: number },
  brokerPid: number | undefined,
): Promise<Figures> {
  const half = { ...load, seconds: load.seconds / 2 };
  const measure = (variant: 'batch' | 'idempotent') =>
    measureVariant(gateway, { ...variantTarget(variant, setup), prefix: '' }, half, brokerPid);
  const rounds: Figures[][] = [];
  // Plain then keyed, then keyed then plain: whatever drifts during the run weighs on both alike.
  for (let round = 0; round < 2; round++) {
    if (round % 2 === 0) {
      const plain = await measure('batch');
      rounds.push([plain, await measure('idempotent')]);
    } else {
      const keyed = await measure('idempotent');
      rounds.push([await measure('batch'), keyed]);
    }
  }
  const mean = (which: 0 | 1, key: string) =>
    rounds.reduce((sum, pair) => sum + Number(pair[which]?.[key]), 0) / rounds.length;
  const ratio = (key: string) => Math.round((mean(1, key) / mean(0, key)) * 1000) / 1000;
  return {
    idempotent_records_per_s: Math.round(mean(1, 'records_per_s')),
    idempotent_p50_ms: mean(1, 'p50_ms'),
    idempotent_p99_ms: mean(1, 'p99_ms'),
    idempotent_gateway_cpu_us_per_request: Math.round(mean(1, 'gateway_cpu_us_per_request')),
    idempotent_plain_records_per_s: Math.round(mean(0, 'records_per_s')),
    idempotent_plain_gateway_cpu_us_per_request: Math.round(mean(0, 'gateway_cpu_us_per_request')),
    idempotent_gateway_cpu_us_per_request_warm: Math.round(mean(1, 'gateway_cpu_us_per_request_warm')),
    idempotent_plain_gateway_cpu_us_per_request_warm: Math.round(mean(0, 'gateway_cpu_us_per_request_warm')),
    idempotent_refused: mean(1, 'refused') * rounds.length,
    // Goal: records/s within 15% of the plain batch (ratio ≥ 0.85).
    idempotent_records_ratio: ratio('records_per_s'),
    idempotent_cpu_ratio: ratio('gateway_cpu_us_per_request'),
    idempotent_cpu_ratio_warm: ratio('gateway_cpu_us_per_request_warm'),
  };
}

/** The batch again on a fixed schedule at half the maximum rate: the latency a sized deployment sees. */
async function halfRate(
  target: LoadTarget,
  max: Figures,
  values: { connections: string; 'half-seconds': string },
): Promise<Figures> {
  log(`  sync before the phase: ${flushDirtyPages()} ms`);
  const half = await openLoop(target, {
    requestsPerSecond: Number(max.records_per_s) / RECORDS_PER_BATCH / 2,
    seconds: Number(values['half-seconds']),
    warmupSeconds: 2,
    connections: Number(values.connections) * 2,
  });
  describeRun('half rate', half);
  return {
    p99_ms_at_half_rate: half.p99_ms,
    p50_ms_at_half_rate: half.p50_ms,
    records_per_s_at_half_rate: half.records_per_s,
  };
}

/** Kafka's ProducerPerformance sending as many messages of the gateway's size: the broker's own limit. */
async function brokerComparison(
  brokers: string[],
  setup: IngestBenchSetup,
  figures: Figures,
): Promise<Figures> {
  const messageBytes = envelopeBytes(setup);
  const accepted = (Number(figures.requests_per_s) || 0) * Number(figures.seconds);
  log(`  sync before the phase: ${flushDirtyPages()} ms`);
  log(`ProducerPerformance: ${accepted} records of ${messageBytes} bytes, acks=all, idempotent`);
  const broker = await runProducerPerformance({
    brokers,
    topic: PERF_TOPIC,
    records: Math.max(accepted, 10_000),
    recordSize: messageBytes,
  });
  log(`ProducerPerformance: ${broker.summary}`);
  const brokerRecordsPerS = Math.round(broker.records_per_s * RECORDS_PER_BATCH);
  return {
    message_bytes: messageBytes,
    broker_messages_per_s: broker.records_per_s,
    broker_records_per_s: brokerRecordsPerS,
    broker_ratio: Math.round((Number(figures.records_per_s) / brokerRecordsPerS) * 1000) / 1000,
    equivalence: `one ProducerPerformance record = one gateway Kafka message = ${RECORDS_PER_BATCH} records (${messageBytes} bytes)`,
  };
}

/** The byte size of the Kafka message the gateway produces for one 100-record batch. */
function envelopeBytes(setup: { datasetId: number; projectId: number }): number {
  const validate = compileRecordValidator({ fields: BENCH_FIELDS });
  const rows = Array.from({ length: RECORDS_PER_BATCH }, (_, i) => {
    const result = validate(benchRecord(i));
    if (!result.ok) throw new Error(`bench record refused: ${result.message}`);
    return result.row;
  });
  const value = encodeDatasetEnvelope({
    datasetId: setup.datasetId,
    projectId: setup.projectId,
    acceptedAt: new Date().toISOString(),
    traceId: `req_${'x'.repeat(16)}`, // the length of a generated request id
    rows,
  });
  return Buffer.byteLength(value);
}

async function profileRun(
  start: (flags?: string[]) => Promise<GatewayProcess>,
  targetOf: (origin: string) => LoadTarget,
  work: string,
  load: { connections: number },
): Promise<string> {
  const dir = await mkdtemp(join(work, 'profile-'));
  const started = performance.now();
  const gateway = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  // Start-up and warm-up are left out of the summary: only the measured requests' CPU remains.
  const warmupSeconds = 3;
  const skipMs = performance.now() - started + warmupSeconds * 1000;
  const run = await closedLoop(targetOf(gateway.url), {
    connections: load.connections,
    seconds: 12,
    warmupSeconds,
  });
  await gateway.stop();
  describeRun('profiled (not a headline figure)', run);
  const summary = summarizeCpuProfile(dir, 25, skipMs);
  const each = Math.round((summary.totalMs * 1000) / run.requests);
  log(
    `profile: ${summary.totalMs} ms of gateway CPU after warm-up, ${run.requests} requests (${each} µs each)`,
  );
  for (const line of describeCpuSummary(summary)) log(line);
  return dir;
}

function describeRun(name: string, run: LoadResult): void {
  log(
    `${name}: ${run.records_per_s} records/s (${run.accepted} requests answered 202 in ${run.seconds} s), ` +
      `p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms, max ${run.max_ms} ms, refused ${JSON.stringify(run.refused)}`,
  );
}

function log(line: string): void {
  process.stderr.write(`[bench ingest] ${line}\n`);
}
