/** Automatic retry of 429 and 503 (and 502/504, and requests that got no answer). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Backoff when the server names no `Retry-After`, doubled on each retry. Default 250 ms. */
  baseDelayMs?: number;
  /** The longest single wait; a `Retry-After` beyond it fails the batch at once. Default 30 s. */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

const DEFAULTS: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

/** On by default: a logger is fire-and-forget, so a 429 or a restarting gateway must not lose events. */
export function retryPolicy(option: RetryOptions | boolean | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULTS, retries: 0 };
  return option === undefined || option === true ? DEFAULTS : { ...DEFAULTS, ...option };
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The wait before retry number `retry`, or null to give up; `Retry-After` is a floor, jitter goes on top. */
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
    return Math.min(floor + random() * Math.max(policy.baseDelayMs, floor * 0.2), policy.maxDelayMs);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}
