import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBus } from '@quarry/bus';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { validateLogEvents } from '@quarry/logs';
import { encodeLogEnvelope, TOPIC_SPECS } from '@quarry/pipeline';
import { summarizeCpuProfile } from './lib/cpu-profile.ts';
import {
  findPid,
  freePort,
  type GatewayProcess,
  samplePeak,
  startGatewayProcess,
} from './lib/gateway-process.ts';
import { closedLoop, type LoadResult, type LoadTarget, openLoop } from './lib/http-load.ts';
import { setUpIngestBench } from './lib/ingest-setup.ts';
import { benchLogBatches } from './lib/log-events.ts';
import { cpuPerUnit, loadAverage, startCpuWindow } from './lib/process-cpu.ts';
import { profileLines, skipProfileStart } from './lib/profile-lines.ts';
import { report } from './lib/report.ts';

const EVENTS_PER_BATCH = 100;

/**
 * `npm run bench -- logs [--seconds 20] [--connections 32] [--half-seconds 10] [--profile]
 *  [--gateway-tree <dir>]`
 *
 * `POST /v1/logs` with 100-event batches on the real gateway (started as its image starts it, in a
 * child process) into a broker of its own; PostgreSQL and Redis are the machine's, with a fresh
 * database (the same setup as `bench ingest`). Quota unlimited and the rate limit out of reach, so the
 * figures are the path itself: key check, rate limit and quota in Redis, validation, the broker's ack.
 * Then the same at half the measured maximum rate, for the latency a loaded-but-not-saturated gateway gives.
 * CPU per 1,000 events of the gateway, the broker and the load generator (this process) comes from
 * /proc over the maximum-rate run, after a 3 s warm-up. `--profile` then runs a gateway under
 * `--cpu-prof` and prints where its CPU went. `--gateway-tree` runs the gateway of another checkout
 * (e.g. a worktree of main, with its dependencies installed) under this same load: before and after.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '20' },
      'half-seconds': { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      profile: { type: 'boolean', default: false },
      'gateway-tree': { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const halfSeconds = Number(values['half-seconds']);
  const connections = Number(values.connections);
  const gatewayTree = resolve(values['gateway-tree'] ?? join(import.meta.dirname, '..'));

  await ensureLocalServices();
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-logs-'));
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  const setup = await setUpIngestBench(join(work, 'warehouse'));
  let gateway: GatewayProcess | undefined;
  try {
    const admin = await createBus({ kind: 'kafka', brokers: kafka.brokers, clientId: 'bench-admin' });
    await admin.admin.ensureTopics(TOPIC_SPECS);
    await admin.close();

    const batches = benchLogBatches();
    const bodies = batches.map((batch) => Buffer.from(JSON.stringify(batch)));
    const messageBytes = envelopeBytes(batches[0], setup.projectId);
    log(`request body ${bodies[0]?.length} bytes; one Kafka message (100 events) ${messageBytes} bytes`);

    const start = async (nodeFlags: string[] = []) =>
      startGatewayProcess({
        tree: gatewayTree,
        port: await freePort(),
        logFile: join(work, 'gateway.log'),
        nodeFlags,
        env: {
          KAFKA_BROKERS: kafka.brokers.join(','),
          REDIS_URL: setup.redisUrl,
          DATABASE_URL: setup.databaseUrl,
          LOG_LEVEL: 'info',
          DEFAULT_LOGS_QUOTA: '-1',
          LOG_RATE_PER_SECOND: '1000000',
          LOG_RATE_BURST: '1000000',
        },
      });
    gateway = await start();
    const targetOf = (running: GatewayProcess): LoadTarget => ({
      origin: running.url,
      path: '/v1/logs',
      headers: { authorization: `Bearer ${setup.apiKey}`, 'content-type': 'application/json' },
      bodies,
      recordsPerRequest: EVENTS_PER_BATCH,
    });
    const target = targetOf(gateway);
    const loadBefore = loadAverage();
    log(`gateway of ${gatewayTree} pid ${gateway.pid} ready; ${connections} connections for ${seconds} s`);
    const peakRss = samplePeak(gateway.rssMb);
    const brokerPid = findPid(join(work, 'kafka', 'server.properties'));
    // Warm-up (JIT, connections, caches) outside the CPU window: its cost is not per event.
    await closedLoop(target, { connections, seconds: 3, warmupSeconds: 0 });
    const stopCpu = startCpuWindow({ gateway: gateway.pid, broker: brokerPid });
    const max = await closedLoop(target, { connections, seconds, warmupSeconds: 0 });
    const cpu = stopCpu();
    const rssMb = peakRss();
    const loadAfter = loadAverage();
    describeRun('max', max);
    const perThousand = cpuPerUnit(cpu, (max.allRequests * EVENTS_PER_BATCH) / 1000, '1000_events');
    const perRequestMs = Math.round(((cpu.gateway ?? Number.NaN) * 1000 * 1000) / max.allRequests) / 1000;
    log(`CPU per 1,000 events (ms): ${JSON.stringify(perThousand)}; gateway ${perRequestMs} ms per request`);
    const half = await openLoop(target, {
      requestsPerSecond: max.records_per_s / EVENTS_PER_BATCH / 2,
      seconds: halfSeconds,
      warmupSeconds: 2,
      connections: connections * 2,
    });
    describeRun('half rate', half);
    await gateway.stop();
    gateway = undefined;
    if (values.profile) await profileRun(start, targetOf, work, connections);

    report('logs', {
      events_per_s: max.records_per_s,
      requests_per_s: Math.round(max.accepted / max.seconds),
      p50_ms: max.p50_ms,
      p99_ms: max.p99_ms,
      max_ms: max.max_ms,
      refused: Object.values(max.refused).reduce((sum, count) => sum + count, 0),
      events_per_s_at_half_rate: half.records_per_s,
      p50_ms_at_half_rate: half.p50_ms,
      p99_ms_at_half_rate: half.p99_ms,
      ...perThousand,
      gateway_cpu_ms_per_request: perRequestMs,
      rss_mb: rssMb,
      connections,
      seconds,
      events_per_request: EVENTS_PER_BATCH,
      body_bytes: bodies[0]?.length ?? 0,
      message_bytes: messageBytes,
      cores: availableParallelism(),
      load_avg_1m_before: loadBefore,
      load_avg_1m_after: loadAfter,
      gateway: values['gateway-tree'] ? gatewayTree : 'this tree',
    });
  } finally {
    await gateway?.stop();
    await kafka.stop();
    await setup.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

/** A gateway under `--cpu-prof` for 15 s of the same load; where its CPU went. Not a headline figure. */
async function profileRun(
  start: (nodeFlags?: string[]) => Promise<GatewayProcess>,
  targetOf: (gateway: GatewayProcess) => LoadTarget,
  work: string,
  connections: number,
): Promise<void> {
  const dir = join(work, 'profile');
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const gateway = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  // Start-up and the warm-up are left out: what remains is the steady state.
  const warmupSeconds = 3;
  const bootMs = performance.now() - started + warmupSeconds * 1000;
  const run = await closedLoop(targetOf(gateway), { connections, seconds: 15, warmupSeconds });
  await gateway.stop();
  describeRun('profiled', run);
  skipProfileStart(dir, bootMs);
  const summary = summarizeCpuProfile(dir, 25);
  log(`profile: ${summary.totalMs} ms of gateway CPU for ${run.requests} requests (after warm-up)`);
  for (const line of profileLines(summary)) log(line);
}

/** The byte size of the Kafka message the gateway produces for one of these batches. */
function envelopeBytes(batch: unknown, projectId: number): number {
  const checked = validateLogEvents(batch);
  if (!checked.ok) throw new Error(`bench batch refused: ${checked.message}`);
  const value = encodeLogEnvelope({
    projectId,
    acceptedAt: new Date().toISOString(),
    traceId: `req_${'x'.repeat(16)}`,
    events: checked.events,
  });
  return Buffer.byteLength(value);
}

function describeRun(name: string, run: LoadResult): void {
  log(
    `${name}: ${run.records_per_s} events/s (${run.accepted} requests answered 202 in ${run.seconds} s), ` +
      `p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms, max ${run.max_ms} ms, refused ${JSON.stringify(run.refused)}`,
  );
}

function log(line: string): void {
  process.stderr.write(`[bench logs] ${line}\n`);
}
