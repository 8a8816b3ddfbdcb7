import { scrubText } from '@quarry/observability';
import { type Backoff, nextAttemptDelay } from './backoff.ts';

/** What one delivery attempt came to; failures are data, so the lane decides retry or dead letter. */
export type DeliveryOutcome =
  | { ok: true }
  | {
      ok: false;
      error: string;
      /** Retrying the same request cannot succeed (e.g. an unsupported destination kind). */
      permanent?: boolean;
      /** The receiver's Retry-After, in milliseconds. */
      retryAfterMs?: number;
    };

export type NextStep =
  | { kind: 'delivered' }
  | { kind: 'dead'; error: string }
  | { kind: 'retry'; error: string; delayMs: number };

/** After attempt number `attempt` (1-based): done, out of attempts, or the lane's wait before the next. */
export function nextStep(
  outcome: DeliveryOutcome,
  attempt: number,
  policy: { maxAttempts: number; backoff: Backoff },
  random: () => number = Math.random,
): NextStep {
  if (outcome.ok) return { kind: 'delivered' };
  if (outcome.permanent || attempt >= policy.maxAttempts) return { kind: 'dead', error: outcome.error };
  return {
    kind: 'retry',
    error: outcome.error,
    delayMs: nextAttemptDelay(attempt, policy.backoff, outcome.retryAfterMs, random),
  };
}

/**
 * A failure as text for logs and `log_deliveries.last_error`, never a stack. Scrubbed: fetch names
 * the whole destination URL when it refuses one with credentials in it.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return scrubText(String(error));
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return scrubText(`${error.name === 'Error' ? '' : `${error.name}: `}${error.message}${cause}`);
}
