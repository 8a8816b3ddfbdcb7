import { readFileSync } from 'node:fs';
import { cpuSeconds } from './gateway-process.ts';

/**
 * CPU seconds (user + system, every thread) each named process used since the window opened, plus
 * `load`: this process, the load generator. `machineBusy` is the share of all cores busy meanwhile,
 * whoever used them (other work on a shared machine included), from /proc/stat.
 */
export function openCpuWindow(pids: Record<string, number>) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const selfBefore = process.cpuUsage();
  const machineBefore = machineTicks();
  const started = performance.now();
  return {
    read(): { seconds: Record<string, number>; wallSeconds: number; machineBusy: number } {
      const seconds: Record<string, number> = {};
      for (const [name, pid] of Object.entries(pids)) seconds[name] = cpuSeconds(pid) - (before[name] ?? 0);
      const self = process.cpuUsage(selfBefore);
      seconds.load = (self.user + self.system) / 1e6;
      const machine = machineTicks();
      const total = machine.total - machineBefore.total;
      return {
        seconds,
        wallSeconds: (performance.now() - started) / 1000,
        machineBusy: total > 0 ? 1 - (machine.idle - machineBefore.idle) / total : Number.NaN,
      };
    },
  };
}

/** The machine's CPU ticks since boot, all cores: total and idle (idle + iowait). */
function machineTicks(): { total: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0); // guest time is inside user already
  return { total, idle: (ticks[3] ?? 0) + (ticks[4] ?? 0) };
}
