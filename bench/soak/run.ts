import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds } from '../lib/gateway-process.ts';
import { type WriterLag, writerLag } from './lag.ts';
import type { MixedLoad } from './load.ts';
import type { MemorySample } from './memory.ts';
import { type ProcessFigures, scrapeApp, selfMonitor } from './metrics.ts';
import { ingestRate, type Minute, minuteLines, outcome, type ProcessMinute } from './print.ts';
import { APP_NAMES, type Stack } from './stack.ts';

const SAMPLE_MS = 10_000;
const LOAD = 'load';

export interface SoakRun {
  minutes: Minute[];
  /** RSS every 10 s per process (the apps and `load`, this process), for the memory verdict. */
  rss: Record<string, MemorySample[]>;
  /** Why the run ended early (an app exited, an interrupt), if it did. */
  failure?: string;
}

/**
 * Runs the load and, each minute, prints what each process and the load did in it. RSS and lag are
 * also sampled every 10 s in between; /metrics is read once a minute (a scrape resets its
 * event-loop histogram, so the percentiles cover exactly that minute).
 */
export async function runMinutes(options: {
  stack: Stack;
  load: MixedLoad;
  minutes: number;
  target: number;
  signal: AbortSignal;
  out: (line: string) => void;
}): Promise<SoakRun> {
  const { stack, load, minutes, signal } = options;
  const self = selfMonitor();
  const pids: Record<string, number> = { ...pidsOf(stack), [LOAD]: process.pid };
  const readRss: Record<string, () => number> = {
    ...Object.fromEntries(APP_NAMES.map((name) => [name, stack.apps[name].rssMb])),
    [LOAD]: () => process.memoryUsage.rss() / 2 ** 20,
  };
  const rss: Record<string, MemorySample[]> = Object.fromEntries(Object.keys(pids).map((name) => [name, []]));
  const result: SoakRun = { minutes: [], rss };
  const ended = new AbortController();
  const stop = (reason: string) => {
    result.failure ??= reason;
    ended.abort();
  };
  signal.addEventListener('abort', () => stop('interrupted'), { once: true });
  // Resets the apps' event-loop histograms and this process's, so minute 1 excludes the burst.
  await Promise.all(APP_NAMES.map((name) => scrapeApp(stack.apps[name].url)));
  self();
  let cpu = cpuNow(pids, stack.brokerPid);
  const started = performance.now();
  const running = load.run(ended.signal);

  for (let minute = 1; minute <= minutes && !ended.signal.aborted; minute++) {
    const deadline = started + minute * 60_000;
    let lagMax = 0;
    while (performance.now() < deadline - 50 && !ended.signal.aborted) {
      await sleep(Math.min(SAMPLE_MS, deadline - performance.now()), undefined, {
        signal: ended.signal,
      }).catch(() => {});
      const at = (performance.now() - started) / 60_000;
      for (const [name, read] of Object.entries(readRss)) rss[name]?.push({ minutes: at, mb: orNaN(read) });
      const lag = totalLag(await writerLag(stack.bus));
      lagMax = Math.max(lagMax, lag);
      const crashed = APP_NAMES.find((name) => stack.apps[name].exitCode() !== null);
      if (crashed) stop(`${crashed} exited with code ${stack.apps[crashed].exitCode()} during the soak`);
    }
    if (minute === minutes || ended.signal.aborted) await running;
    const interval = load.interval();
    const figures = await Promise.all(
      APP_NAMES.map((name) => scrapeApp(stack.apps[name].url).catch(() => missing)),
    );
    const cpuThen = cpu;
    cpu = cpuNow(pids, stack.brokerPid);
    const processes: Record<string, ProcessMinute> = {};
    APP_NAMES.forEach((name, i) => {
      processes[name] = { ...(figures[i] ?? missing), cpu_percent: cpuPercent(cpuThen, cpu, name) };
    });
    processes[LOAD] = { ...self(), cpu_percent: cpuPercent(cpuThen, cpu, LOAD) };
    const lag = totalLag(await writerLag(stack.bus));
    const row: Minute = {
      minute,
      seconds: Math.round(interval.seconds * 10) / 10,
      load_avg_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      ingest_records_per_s: ingestRate(interval),
      target_records_per_s: options.target,
      datasets: outcome(interval.datasets),
      logs: outcome(interval.logs),
      queries: outcome(interval.queries),
      lag_messages: lag,
      lag_max_messages: Math.max(lagMax, lag),
      broker_cpu_percent: cpuPercent(cpuThen, cpu, 'broker'),
      processes,
    };
    result.minutes.push(row);
    for (const line of minuteLines(row, minutes)) options.out(line);
  }
  ended.abort();
  await running;
  return result;
}

const missing: ProcessFigures = {
  rss_mb: Number.NaN,
  heap_mb: Number.NaN,
  heap_total_mb: Number.NaN,
  external_mb: Number.NaN,
  eld_p50_ms: Number.NaN,
  eld_p99_ms: Number.NaN,
};

function pidsOf(stack: Stack): Record<string, number> {
  return Object.fromEntries(APP_NAMES.map((name) => [name, stack.apps[name].pid]));
}

interface CpuReading {
  at: number;
  seconds: Record<string, number>;
}

function cpuNow(pids: Record<string, number>, brokerPid: number | undefined): CpuReading {
  const all = brokerPid ? { ...pids, broker: brokerPid } : pids;
  const seconds: Record<string, number> = {};
  for (const [name, pid] of Object.entries(all)) {
    try {
      seconds[name] = cpuSeconds(pid);
    } catch {
      seconds[name] = Number.NaN; // exited
    }
  }
  return { at: performance.now(), seconds };
}

/** Percent of one core over the interval between two readings. */
function cpuPercent(before: CpuReading, after: CpuReading, name: string): number {
  const used = (after.seconds[name] ?? Number.NaN) - (before.seconds[name] ?? Number.NaN);
  return Math.round((100 * used) / ((after.at - before.at) / 1000));
}

/** NaN once a process has exited (the crash itself is reported as the run's failure). */
function orNaN(read: () => number): number {
  try {
    return read();
  } catch {
    return Number.NaN;
  }
}

const totalLag = (lag: WriterLag) => lag.datasets + lag.logs;
