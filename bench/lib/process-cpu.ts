import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { cpuSeconds } from './gateway-process.ts';

/** CPU seconds each measured process used in a window, `load` being this process (the load generator). */
export type CpuWindow = Record<string, number>;

/**
 * Starts measuring the CPU (user + system, from /proc) of the named processes and of this one. The
 * returned function ends the window. CPU per unit of work is what stays comparable when other work
 * shares the machine; a rate is not.
 */
export function startCpuWindow(pids: Record<string, number | undefined>): () => CpuWindow {
  const measured = Object.entries(pids).flatMap(([name, pid]) => (pid ? [{ name, pid }] : []));
  const before = measured.map(({ pid }) => cpuSeconds(pid));
  const selfBefore = process.cpuUsage();
  return () => {
    const window: CpuWindow = {};
    measured.forEach(({ name, pid }, i) => {
      window[name] = cpuSeconds(pid) - (before[i] ?? 0);
    });
    const self = process.cpuUsage(selfBefore);
    window.load = (self.user + self.system) / 1e6;
    return window;
  };
}

/** `cpu_ms_per_<unit>_<process>` for each process of the window, two decimals. */
export function cpuPerUnit(window: CpuWindow, units: number, unit: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(window).map(([name, seconds]) => [
      `cpu_ms_per_${unit}_${name}`,
      Math.round((seconds * 1000 * 100) / units) / 100,
    ]),
  );
}

/** The 1-minute load average, one decimal: printed with every figure measured on a shared machine. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? Number.NaN) * 10) / 10;
}

/**
 * The 1-minute load average's lowest and highest values while a run lasts, sampled each second:
 * `min-max` as the benches print it. `stop` ends the sampling and gives the range.
 */
export function sampleLoadRange(): { stop(): string } {
  const loads = [loadAverage()];
  const timer = setInterval(() => loads.push(loadAverage()), 1_000);
  return {
    stop() {
      clearInterval(timer);
      loads.push(loadAverage());
      return `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`;
    },
  };
}

/**
 * Writes the machine's dirty pages to disk (`sync`) and says how long that took. The broker's log is
 * on the machine's disk: the kernel writes the pages of a full-rate phase about 30 s later
 * (`vm.dirty_expire_centisecs`), here a gigabyte within a second that stalled the broker's appends
 * for 300–500 ms, in the middle of whatever phase runs then. Called before each measured phase, so
 * that a phase measures its own traffic, not the previous one's writeback.
 */
export function flushDirtyPages(): number {
  const started = performance.now();
  execFileSync('sync');
  return Math.round(performance.now() - started);
}
