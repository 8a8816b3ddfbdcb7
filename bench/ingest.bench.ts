import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBus } from '@quarry/bus';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { encodeDatasetEnvelope, MAX_MESSAGE_BYTES, TOPIC_SPECS } from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import { summarizeCpuProfile } from './lib/cpu-profile.ts';
import {
  cpuSeconds,
  findPid,
  freePort,
  type GatewayProcess,
  samplePeak,
  startGatewayProcess,
} from './lib/gateway-process.ts';
import { closedLoop, type LoadResult, type LoadTarget, openLoop } from './lib/http-load.ts';
import { BENCH_FIELDS, benchRecord, setUpIngestBench } from './lib/ingest-setup.ts';
import { runProducerPerformance } from './lib/producer-perf.ts';
import { report } from './lib/report.ts';

const RECORDS_PER_BATCH = 100;
const PERF_TOPIC = 'bench.producer-perf';

/**
 * `npm run bench -- ingest [--seconds 25] [--connections 16] [--half-seconds 15] [--profile]`
 *
 * The batch endpoint of the real gateway (apps/ingest-gateway/src/server.ts in a child process, so its
 * RSS is its own) with 100-record batches of an 8-field schema, into a broker of its own; PostgreSQL
 * and Redis are the machine's, with a fresh database. Then the same at half the measured maximum
 * rate, then Kafka's ProducerPerformance sending as many messages of the same size to the same broker.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '25' },
      'half-seconds': { type: 'string', default: '15' },
      connections: { type: 'string', default: '16' },
      profile: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const halfSeconds = Number(values['half-seconds']);

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

    const bodies = Array.from({ length: 8 }, (_, b) =>
      Buffer.from(
        JSON.stringify(Array.from({ length: RECORDS_PER_BATCH }, (_, i) => benchRecord(b * 100 + i))),
      ),
    );
    const messageBytes = envelopeBytes(bodies[0] ?? Buffer.alloc(0), setup);
    log(`request body ${bodies[0]?.length} bytes; one Kafka message (100 records) ${messageBytes} bytes`);

    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: setup.redisUrl,
      DATABASE_URL: setup.databaseUrl,
      LOG_LEVEL: 'info',
    };
    const start = async (nodeFlags: string[] = []) =>
      startGatewayProcess({ port: await freePort(), env, logFile: join(work, 'gateway.log'), nodeFlags });
    const targetOf = (gateway: GatewayProcess): LoadTarget => ({
      origin: gateway.url,
      path: `/datasets/${setup.datasetId}/batch`,
      headers: { authorization: `Bearer ${setup.apiKey}`, 'content-type': 'application/json' },
      bodies,
      recordsPerRequest: RECORDS_PER_BATCH,
    });

    const gateway = await start();
    const rssIdleMb = gateway.rssMb();
    // Other work on the machine shares its cores with all three processes measured here.
    const loadBefore = loadavg()[0] ?? Number.NaN;
    log(
      `gateway pid ${gateway.pid} ready, RSS ${rssIdleMb} MiB; ${connections} connections for ${seconds} s`,
    );
    const peakRss = samplePeak(gateway.rssMb);
    const brokerPid = findPid(join(work, 'kafka', 'server.properties'));
    const cpu = new CpuMeter({ gateway: gateway.pid, broker: brokerPid });
    const max = await closedLoop(targetOf(gateway), { connections, seconds, warmupSeconds: 3 });
    const rssMb = peakRss();
    const cpuPercent = cpu.percent();
    describeRun('max', max);
    const { gatewaySeconds = Number.NaN, ...shares } = cpuPercent;
    // CPU per request is steadier than a rate when other work shares the machine.
    const cpuMsPerRequest = Math.round((gatewaySeconds * 1000 * 100) / max.allRequests) / 100;
    log(`CPU during the max run (100% = one core of ${availableParallelism()}): ${JSON.stringify(shares)}`);
    log(`gateway CPU per 100-record request: ${cpuMsPerRequest} ms`);
    const halfRequestsPerSecond = max.records_per_s / RECORDS_PER_BATCH / 2;
    const half = await openLoop(targetOf(gateway), {
      requestsPerSecond: halfRequestsPerSecond,
      seconds: halfSeconds,
      warmupSeconds: 2,
      connections: connections * 2,
    });
    describeRun('half rate', half);
    await gateway.stop();

    if (values.profile) await profileRun(start, targetOf, work, connections);

    log(`ProducerPerformance: ${max.accepted} records of ${messageBytes} bytes, acks=all, idempotent`);
    const broker = await runProducerPerformance({
      brokers: kafka.brokers,
      topic: PERF_TOPIC,
      records: Math.max(max.accepted, 10_000),
      recordSize: messageBytes,
    });
    log(`ProducerPerformance: ${broker.summary}`);
    const brokerRecordsPerS = Math.round(broker.records_per_s * RECORDS_PER_BATCH);

    report('ingest', {
      records_per_s: max.records_per_s,
      requests_per_s: Math.round(max.accepted / max.seconds),
      p50_ms: max.p50_ms,
      p99_ms: max.p99_ms,
      rss_mb: rssMb,
      rss_idle_mb: rssIdleMb,
      gateway_cpu_percent: shares.gateway ?? Number.NaN,
      gateway_cpu_ms_per_request: cpuMsPerRequest,
      broker_cpu_percent: shares.broker ?? Number.NaN,
      load_generator_cpu_percent: shares.load ?? Number.NaN,
      refused: Object.values(max.refused).reduce((sum, count) => sum + count, 0),
      connections,
      seconds,
      p99_ms_at_half_rate: half.p99_ms,
      p50_ms_at_half_rate: half.p50_ms,
      records_per_s_at_half_rate: half.records_per_s,
      message_bytes: messageBytes,
      broker_messages_per_s: broker.records_per_s,
      broker_records_per_s: brokerRecordsPerS,
      broker_ratio: Math.round((max.records_per_s / brokerRecordsPerS) * 1000) / 1000,
      load_avg_1m_before: Math.round(loadBefore * 10) / 10,
      load_avg_1m_after: Math.round((loadavg()[0] ?? Number.NaN) * 10) / 10,
      equivalence: `one ProducerPerformance record = one gateway Kafka message = ${RECORDS_PER_BATCH} records (${messageBytes} bytes)`,
    });
  } finally {
    await kafka.stop();
    await setup.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

/** The byte size of the Kafka message the gateway produces for one of these batches. */
function envelopeBytes(body: Buffer, setup: { datasetId: number; projectId: number }): number {
  const validate = compileRecordValidator({ fields: BENCH_FIELDS });
  const rows = (JSON.parse(body.toString()) as unknown[]).map((record) => {
    const result = validate(record);
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
  targetOf: (gateway: GatewayProcess) => LoadTarget,
  work: string,
  connections: number,
): Promise<void> {
  const dir = join(work, 'profile');
  await mkdir(dir, { recursive: true });
  const gateway = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const run = await closedLoop(targetOf(gateway), { connections, seconds: 15, warmupSeconds: 3 });
  await gateway.stop();
  describeRun('profiled (not a headline figure)', run);
  const summary = summarizeCpuProfile(dir);
  log(`profile: ${summary.totalMs} ms of gateway CPU in ${run.seconds + 3} s`);
  for (const [title, costs] of [
    ['by library/area (self time)', summary.byArea],
    ['by function (self time)', summary.bySelf],
    ['by function (inclusive)', summary.byInclusive],
  ] as const) {
    log(`profile ${title}:`);
    for (const cost of costs)
      log(`  ${String(cost.percent).padStart(5)}%  ${String(cost.ms).padStart(6)} ms  ${cost.name}`);
  }
}

/** CPU use of the gateway, the broker and this process (the load generator) since construction. */
class CpuMeter {
  private readonly started = performance.now();
  private readonly before: Record<string, number>;
  private readonly selfBefore = process.cpuUsage();
  private readonly pids: Record<string, number | undefined>;
  constructor(pids: Record<string, number | undefined>) {
    this.pids = pids;
    this.before = Object.fromEntries(
      Object.entries(pids).flatMap(([name, pid]) => (pid ? [[name, cpuSeconds(pid)]] : [])),
    );
  }

  /** Percent of one core per process, and `gatewaySeconds`: the gateway's CPU time. */
  percent(): Record<string, number> {
    const wall = (performance.now() - this.started) / 1000;
    const share = (used: number) => Math.round((100 * used) / wall);
    const result: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.before[name];
      if (pid && before !== undefined) result[name] = share(cpuSeconds(pid) - before);
    }
    const gateway = this.pids.gateway;
    const gatewayBefore = this.before.gateway;
    if (gateway && gatewayBefore !== undefined) result.gatewaySeconds = cpuSeconds(gateway) - gatewayBefore;
    const self = process.cpuUsage(this.selfBefore);
    result.load = share((self.user + self.system) / 1e6);
    return result;
  }
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
