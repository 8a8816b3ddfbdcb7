import { cpuSeconds } from './gateway-process.ts';

/** CPU use of some processes (by pid) and of this one (the load generator) since construction. */
export class CpuMeter {
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

  /** CPU seconds `name` used since construction. */
  seconds(name: string): number {
    const pid = this.pids[name];
    const before = this.before[name];
    return pid && before !== undefined ? cpuSeconds(pid) - before : Number.NaN;
  }

  /** Percent of one core per process, `load` being this process. */
  percent(): Record<string, number> {
    const wall = (performance.now() - this.started) / 1000;
    const share = (used: number) => Math.round((100 * used) / wall);
    const result: Record<string, number> = {};
    for (const name of Object.keys(this.before)) result[name] = share(this.seconds(name));
    const self = process.cpuUsage(this.selfBefore);
    result.load = share((self.user + self.system) / 1e6);
    return result;
  }
}
