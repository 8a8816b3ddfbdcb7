/**
 * Wall time spent inside calls of each kind, for splitting one request's latency into stages. Calls
 * of one kind that overlap (a query and its totals, run together) count once: the clock runs while
 * at least one of them is in flight.
 */
export class SpanClock {
  private readonly spent = new Map<string, number>();
  private readonly open = new Map<string, { calls: number; since: number }>();

  async time<T>(kind: string, work: () => Promise<T>): Promise<T> {
    const span = this.open.get(kind) ?? { calls: 0, since: performance.now() };
    if (span.calls === 0) span.since = performance.now();
    span.calls += 1;
    this.open.set(kind, span);
    try {
      return await work();
    } finally {
      span.calls -= 1;
      if (span.calls === 0) this.add(kind, performance.now() - span.since);
    }
  }

  /** The time per kind since the last call, and a fresh start. */
  take(): Record<string, number> {
    const spent = Object.fromEntries(this.spent);
    this.spent.clear();
    return spent;
  }

  private add(kind: string, ms: number): void {
    this.spent.set(kind, (this.spent.get(kind) ?? 0) + ms);
  }
}
