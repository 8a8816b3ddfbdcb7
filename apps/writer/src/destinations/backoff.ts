export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before retrying after `failures` failed attempts: exponential from `baseMs`, capped at
 * `maxMs`, with "equal jitter" (half fixed, half random) so receivers recovering from an outage are
 * not hit by every writer at once, yet no retry comes sooner than half the schedule.
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A receiver's `Retry-After` (seconds or an HTTP date), in milliseconds, or undefined. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The schedule's delay, stretched to what the receiver asked for, never past `maxMs`. */
export function nextAttemptDelay(
  failures: number,
  backoff: Backoff,
  askedMs: number | undefined,
  random: () => number = Math.random,
): number {
  return Math.min(backoff.maxMs, Math.max(backoffDelay(failures, backoff, random), askedMs ?? 0));
}
