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
}

/**
 * Retries `attempt` with exponential backoff and full jitter until it succeeds, `isPermanent` says
 * retrying cannot help (rethrown), or the writer stops. Nothing is committed meanwhile.
 */
export async function retryUntilDone<T>(
  attempt: () => Promise<T>,
  isPermanent: (error: unknown) => boolean,
  policy: RetryPolicy,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    if (policy.isStopping()) throw new StoppingError();
    try {
      return await attempt();
    } catch (error) {
      if (isPermanent(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, 100 * 2 ** Math.min(tries, 16));
      const delayMs = Math.round(Math.random() * ceiling);
      policy.onRetry(error, tries, delayMs);
      await sleepUnlessStopping(delayMs, policy);
    }
  }
}

async function sleepUnlessStopping(ms: number, policy: RetryPolicy): Promise<void> {
  const step = 50;
  for (let waited = 0; waited < ms; waited += step) {
    if (policy.isStopping()) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(step, ms - waited)));
  }
}
