/** One key's decision, as the counters' rate limit answers it. */
export interface LaneDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

interface Waiting {
  resolve(decision: LaneDecision): void;
  reject(error: unknown): void;
}

/**
 * Takes the requests of one key that arrive while that key's previous check is in flight to Redis
 * together, in one atomic step for all of them (`decideMany`), instead of a round trip each. A key
 * with nothing in flight goes out at once, so an idle gateway adds no wait; a busy one sends one
 * script per key per round trip. Arrival order is kept: the first ones get the burst.
 */
export class RateLimitLanes {
  private readonly lanes = new Map<string, Waiting[]>();
  private readonly decideMany: (key: string, count: number) => Promise<LaneDecision[]>;

  constructor(decideMany: (key: string, count: number) => Promise<LaneDecision[]>) {
    this.decideMany = decideMany;
  }

  decide(key: string): Promise<LaneDecision> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(key);
      if (lane) {
        lane.push({ resolve, reject });
        return;
      }
      this.lanes.set(key, []);
      void this.run(key, [{ resolve, reject }]);
    });
  }

  private async run(key: string, first: Waiting[]): Promise<void> {
    for (let batch = first; batch.length > 0; batch = this.take(key)) {
      try {
        const decisions = await this.decideMany(key, batch.length);
        batch.forEach((waiting, i) => {
          const decision = decisions[i];
          if (decision) waiting.resolve(decision);
          else waiting.reject(new Error(`rate limit answered ${decisions.length} of ${batch.length}`));
        });
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.lanes.delete(key);
  }

  /** The requests that arrived meanwhile; the lane stays open (empty) until they are decided. */
  private take(key: string): Waiting[] {
    const waiting = this.lanes.get(key) ?? [];
    this.lanes.set(key, []);
    return waiting;
  }
}
