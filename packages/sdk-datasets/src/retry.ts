/** How calls answered 429 or 503 (or 502/504, or no answer at all) are tried again. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 3. */
  retries?: number;
  /** Backoff when the server names no `Retry-After`, doubled on each retry. Default 250 ms. */
  baseDelayMs?: number;
  /**
   * The longest single wait. A `Retry-After` beyond it (a monthly quota answers "next month") is not
   * waited out: the call fails at once with the error, whose `retryAfter` says when to come back.
   * Default 30 s.
   */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, retries: 0 };
  return { ...DEFAULT_RETRY, ...options };
}

/** Statuses that say "not done, try later": nothing was stored, so sending again is safe. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The wait before retry number `retry` (1-based), or null to give up. A server's `Retry-After` is a
 * floor: jitter is only added on top, so clients told the same time do not return in lockstep.
 * Without one, exponential backoff with equal jitter.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number | null {
  if (retry > policy.retries) return null;
  if (retryAfterSeconds !== undefined) {
    const floor = retryAfterSeconds * 1000;
    if (floor > policy.maxDelayMs) return null;
    const spread = Math.max(policy.baseDelayMs, floor * 0.2);
    return Math.min(floor + random() * spread, Math.max(floor, policy.maxDelayMs));
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}
