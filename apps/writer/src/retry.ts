import { RebalanceError } from '@quarry/bus';

/** Thrown out of a retry loop when the writer is stopping: the batch is abandoned, not committed. */
export class StoppingError extends Error {
  constructor() {
    super('writer is stopping');
    this.name = 'StoppingError';
  }
}

export interface RetryPolicy {
  maxDelayMs: number;
  isStopping(): boolean;
  onRetry(error: unknown, attempt: number, delayMs: number): void;
  /** Called while waiting: the batch's group heartbeat. A RebalanceError ends the retries. */
  keepAlive?(): Promise<void>;
}

/**
 * Retries `attempt` with exponential backoff and full jitter until it succeeds, `isPermanent` says
 * retrying cannot help (rethrown), the group took the partition away (RebalanceError: the batch is
 * given up and delivered again), or the writer stops. Nothing is committed meanwhile.
 */
export async function retryUntilDone<T>(
  attempt: () => Promise<T>,
  isPermanent: (error: unknown) => boolean,
  policy: RetryPolicy,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    if (policy.isStopping()) throw new StoppingError();
    await keepAlive(policy);
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof RebalanceError || isPermanent(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, 100 * 2 ** Math.min(tries, 16));
      const delayMs = Math.round(Math.random() * ceiling);
      policy.onRetry(error, tries, delayMs);
      await sleepUnlessStopping(delayMs, policy);
    }
  }
}

/**
 * Heartbeats between the steps of a batch: a large batch makes several statements per chunk, and on a
 * loaded machine their sum can outlast the session timeout. Rethrows only RebalanceError.
 */
export async function keepAlive(policy: RetryPolicy): Promise<void> {
  await policy.keepAlive?.().catch((error: unknown) => {
    if (error instanceof RebalanceError) throw error;
  });
}

// A dependency can be down for longer than the group's session timeout: without heartbeats while
// waiting, the group would evict the writer and its commit after recovery could never succeed.
async function sleepUnlessStopping(ms: number, policy: RetryPolicy): Promise<void> {
  const step = 50;
  for (let waited = 0; waited < ms; waited += step) {
    if (policy.isStopping()) return;
    await policy.keepAlive?.().catch((error: unknown) => {
      if (error instanceof RebalanceError) throw error;
      // The broker itself may be what is failing; the next step tries again.
    });
    await new Promise((resolve) => setTimeout(resolve, Math.min(step, ms - waited)));
  }
}
