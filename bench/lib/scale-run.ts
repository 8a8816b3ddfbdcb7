import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bus } from '@quarry/bus';
import { topicNames, topicSpecs } from '@quarry/pipeline';
import { commitLags, groupProgress, sampleCommits, untilCommitted } from './commit-progress.ts';
import { openCpuWindow } from './cpu-window.ts';
import { closedLoop, type LoadTarget, openLoop } from './http-load.ts';
import { percentile } from './report.ts';
import { startTopology, type Topology, type TopologyOptions } from './scale-topology.ts';
import { socketsOnPort } from './tcp-sockets.ts';

export interface ScaleRunOptions {
  name: string;
  round: number;
  gateways: number;
  writers: number;
  bus: Bus;
  brokerPid: number;
  /** The broker's log directory: bytes appended to the run's topic are read from its segments. */
  brokerLogDir: string;
  topology: Omit<TopologyOptions, 'gateways' | 'writers' | 'namespace' | 'group' | 'label'>;
  /** The load, without its origin (the topology's port). */
  target: Omit<LoadTarget, 'origin'>;
  connections: number;
  seconds: number;
  /** Closed-loop load before measuring: V8 optimises a function only after many calls. */
  warmupSeconds: number;
  lagSeconds: number;
  /** Records/s of the open-loop lag phase; when absent, half of what this run stored per second. */
  lagRate?: number;
}

export type RunFigures = Record<string, number | string>;

const CATCH_UP_TIMEOUT_MS = 300_000;
const IDLE_SECONDS = 3;
const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * One topology on topics of its own: a warm-up, then a closed loop at the most the gateways take
 * (`seconds`) until the writers committed all of it (records/s stored, CPU per record), then an open
 * loop at a fixed rate (end-to-end lag from each 202 to its commit).
 */
export async function runScale(options: ScaleRunOptions): Promise<RunFigures> {
  const label = `r${options.round}-${options.name.toLowerCase()}`;
  const topics = topicNames(`scale-${label}`);
  const group = `quarry-writer-${label}`;
  await options.bus.admin.ensureTopics(topicSpecs(topics));
  const topology = await startTopology({
    ...options.topology,
    gateways: options.gateways,
    writers: options.writers,
    namespace: `scale-${label}`,
    group,
    label,
  });
  const target: LoadTarget = { ...options.target, origin: topology.url };
  const progress = () => groupProgress(options.bus, topics.datasets, group);
  try {
    // Warm-up: JIT, connection pools, the group's first fetches and commits.
    const warmup = await closedLoop(target, {
      connections: options.connections,
      seconds: 2,
      warmupSeconds: 0,
    });
    await untilCommitted(options.bus, topics.datasets, group, CATCH_UP_TIMEOUT_MS);

    // What each process burns with no load (timers, heartbeats, the broker's controller), per second.
    const idle = openCpuWindow(pidsOf(topology, options.brokerPid));
    await sleep(IDLE_SECONDS * 1000);
    const idleUsed = idle.read();
    const idlePerSecond = (prefix: string) => sumOf(idleUsed.seconds, prefix) / idleUsed.wallSeconds;

    const loadBefore = loadavg()[0] ?? Number.NaN;
    const bytesBefore = topicLogBytes(options.brokerLogDir, topics.datasets);
    const committedAtStart = (await progress()).committed;
    const cpu = openCpuWindow(pidsOf(topology, options.brokerPid));
    const started = performance.now();
    let spread: number[] = [];
    const spreadTimer = setTimeout(
      () => {
        spread = topology.gateways.map((gateway) => socketsOnPort(gateway.pid, topology.port).established);
      },
      (options.seconds * 1000) / 2,
    );
    const max = await closedLoop(target, {
      connections: options.connections,
      seconds: options.seconds,
      warmupSeconds: 0,
    });
    clearTimeout(spreadTimer);
    const loadEnded = performance.now();
    const committedAtLoadEnd = (await progress()).committed;
    const caughtUp = await untilCommitted(options.bus, topics.datasets, group, CATCH_UP_TIMEOUT_MS);
    const used = cpu.read();
    const mib = (topicLogBytes(options.brokerLogDir, topics.datasets) - bytesBefore) / 2 ** 20;
    const records = max.accepted * options.target.recordsPerRequest;
    const storedPerS = records / ((caughtUp - started) / 1000);

    const lagRate = options.lagRate ?? Math.round(storedPerS / 2);
    const lag = await lagPhase(options, target, progress, lagRate, topics.datasets, group);
    const writers = await topology.writerFigures();
    const rows = writers.map((writer) => writer.rows);
    const accepted = (warmup.accepted + max.accepted + lag.accepted) * options.target.recordsPerRequest;

    const per1000 = (seconds: number) => round2((seconds * 1e6) / records);
    const sum = (prefix: string) => sumOf(used.seconds, prefix);
    // Net of idle: the part that grows with records, which is what sizing multiplies.
    const net = (prefix: string) => per1000(sum(prefix) - idlePerSecond(prefix) * used.wallSeconds);
    const measured = sumOf(used.seconds, '');
    return {
      run: options.name,
      round: options.round,
      gateways: options.gateways,
      writers: options.writers,
      accepted_records_per_s: max.records_per_s,
      stored_records_per_s: Math.round(storedPerS),
      stored_during_load_records_per_s: Math.round(
        ((committedAtLoadEnd - committedAtStart) * options.target.recordsPerRequest) /
          ((loadEnded - started) / 1000),
      ),
      catch_up_s: round2((caughtUp - loadEnded) / 1000),
      request_p50_ms: max.p50_ms,
      request_p99_ms: max.p99_ms,
      gateway_cpu_ms_per_1000: per1000(sum('gateway')),
      writer_cpu_ms_per_1000: per1000(sum('writer')),
      broker_cpu_ms_per_1000: per1000(sum('broker')),
      load_cpu_ms_per_1000: per1000(sum('load')),
      total_cpu_ms_per_1000: per1000(measured),
      gateway_net_cpu_ms_per_1000: net('gateway'),
      writer_net_cpu_ms_per_1000: net('writer'),
      broker_net_cpu_ms_per_1000: net('broker'),
      gateway_idle_cpu_percent: Math.round(idlePerSecond('gateway') * 100),
      writer_idle_cpu_percent: Math.round(idlePerSecond('writer') * 100),
      broker_idle_cpu_percent: Math.round(idlePerSecond('broker') * 100),
      gateway_cpu_ms_per_request: round2((sum('gateway') * 1000) / max.allRequests),
      broker_cpu_ms_per_mib: mib > 0 ? round2((sum('broker') * 1000) / mib) : Number.NaN,
      broker_net_cpu_ms_per_mib:
        mib > 0
          ? round2(((sum('broker') - idlePerSecond('broker') * used.wallSeconds) * 1000) / mib)
          : Number.NaN,
      broker_mib: round1(mib),
      cores_used_by_measured: round2(measured / used.wallSeconds),
      machine_busy_percent: Math.round(used.machineBusy * 100),
      connections_per_gateway: spread.join('/'),
      rows_per_writer: rows.join('/'),
      // Smaller fetched batches spread the writer's per-batch costs (statements, commit) over fewer rows.
      rows_per_batch: Math.round(
        writers.reduce((total, w) => total + w.batchRows, 0) /
          Math.max(
            1,
            writers.reduce((total, w) => total + w.batches, 0),
          ),
      ),
      stored_minus_accepted: rows.reduce((total, n) => total + n, 0) - accepted,
      refused: refusedOf(warmup) + refusedOf(max) + lag.refused,
      lag_rate: lagRate,
      lag_p50_ms: lag.p50,
      lag_p99_ms: lag.p99,
      lag_samples: lag.samples,
      lag_unmatched: lag.unmatched,
      load_avg_1m_before: round1(loadBefore),
      load_avg_1m_after: round1(loadavg()[0] ?? Number.NaN),
    };
  } finally {
    await topology.stop();
  }
}

async function lagPhase(
  options: ScaleRunOptions,
  target: LoadTarget,
  progress: () => Promise<{ committed: number }>,
  rate: number,
  topic: string,
  group: string,
) {
  const baseline = (await progress()).committed;
  const accepted: number[] = [];
  const sampler = sampleCommits(options.bus, topic, group);
  const result = await openLoop(
    { ...target, onAccepted: (at) => accepted.push(at) },
    {
      requestsPerSecond: rate / options.target.recordsPerRequest,
      seconds: options.lagSeconds,
      warmupSeconds: 0,
      connections: options.connections * 4,
    },
  );
  await untilCommitted(options.bus, topic, group, CATCH_UP_TIMEOUT_MS);
  const lags = commitLags(accepted, await sampler.stop(), baseline);
  const finite = lags.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    accepted: result.accepted,
    refused: refusedOf(result),
    p50: Math.round(percentile(finite, 0.5)),
    p99: Math.round(percentile(finite, 0.99)),
    samples: finite.length,
    unmatched: lags.length - finite.length,
  };
}

function pidsOf(topology: Topology, brokerPid: number): Record<string, number> {
  return {
    ...Object.fromEntries(topology.gateways.map((gateway, i) => [`gateway-${i}`, gateway.pid])),
    ...Object.fromEntries(topology.writers.map((writer, i) => [`writer-${i}`, writer.pid])),
    broker: brokerPid,
  };
}

function sumOf(seconds: Record<string, number>, prefix: string): number {
  return Object.entries(seconds)
    .filter(([name]) => name.startsWith(prefix))
    .reduce((total, [, used]) => total + used, 0);
}

function refusedOf(result: { refused: Record<number, number> }): number {
  return Object.values(result.refused).reduce((total, n) => total + n, 0);
}

/** Bytes of the topic's log segments on the broker: what producers appended (with batch headers). */
function topicLogBytes(logDir: string, topic: string): number {
  let bytes = 0;
  for (const dir of readdirSync(logDir).filter((name) => name.startsWith(`${topic}-`))) {
    for (const file of readdirSync(join(logDir, dir)).filter((name) => name.endsWith('.log'))) {
      bytes += statSync(join(logDir, dir, file)).size;
    }
  }
  return bytes;
}
