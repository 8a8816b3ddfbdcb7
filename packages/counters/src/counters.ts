export type CountersConfig = { kind: 'redis'; url: string } | { kind: 'memory' };

/** Usage keys live a little longer than their month, so a late flush still finds them. */
export const usageKeyTtlSeconds = 40 * 24 * 60 * 60;

export interface QuotaRequest {
  /** Holds the limit; missing means `defaultLimit`, -1 means unlimited. */
  limitKey: string;
  /** This month's accepted count, e.g. `usage_total:datasets:<userId>:2026-06`. */
  totalKey: string;
  /** Accepted since the last flush to durable storage. */
  deltaKey: string;
  amount: number;
  defaultLimit: number;
  /**
   * A key no other request uses (see `reservationKey`): the charge is recorded under it, so a request
   * whose reply was lost can be cancelled exactly, and a copy of it that runs late charges nothing.
   */
  reservationKey?: string;
}

/** Markers of charges whose outcome a gateway may still have to settle or cancel. */
export const reservationKey = (id: string): string => `quota_reservation:${id}`;
/** How long a cancelled or unsettled reservation's marker is kept: longer than any outage it outlives. */
export const reservationTtlSeconds = 24 * 60 * 60;

/** A reservation whose request was not accepted: a failed produce, or a reserve whose reply was lost. */
export interface QuotaCancel {
  reservationKey: string;
  totalKey: string;
  deltaKey: string;
}

export type QuotaReservation = { ok: true; used: number } | { ok: false; limit: number; used: number };

export interface QuotaRelease {
  totalKey: string;
  deltaKey: string;
  amount: number;
}

export interface RateLimitRequest {
  key: string;
  /** Sustained rate. */
  ratePerSecond: number;
  /** Requests allowed at once, on top of which the sustained rate applies. */
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

/** A request's rate-limit step, then its quota reservation (`rateLimitThenReserve`). */
export interface RateLimitedQuotaRequest {
  rate: RateLimitRequest;
  quota: QuotaRequest;
}

/** Refused by the rate limit (the quota untouched), or allowed by it and decided by the quota. */
export type RateLimitedReservation =
  | { step: 'rate'; decision: RateLimitDecision }
  | { step: 'quota'; reservation: QuotaReservation };

/**
 * The quota step of a request its rate limit allowed could not be decided (a cancelled reservation,
 * a limit that is not a number): the request's own failure, not the round trip's.
 */
export class QuotaStepError extends Error {}

/** One key of `setMany`: written with an expiry, and only when absent if `onlyIfAbsent`. */
export interface KeyWrite {
  key: string;
  value: string;
  ttlSeconds: number;
  onlyIfAbsent?: boolean;
}

export type Unsubscribe = () => Promise<void>;

/** Quotas, rate limits, idempotency keys and revocation push for the gateway. */
export interface Counters {
  ping(): Promise<void>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Stores the value only when the key is absent; true when this call stored it. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /**
   * The writes in order, in one atomic step (one round trip for a busy gateway's idempotency records):
   * for each, true when it was stored, false for an `onlyIfAbsent` write whose key existed.
   */
  setMany(writes: readonly KeyWrite[]): Promise<boolean[]>;
  /** Checks the limit and counts `amount` in one atomic step; a refusal counts nothing. */
  reserveQuota(request: QuotaRequest): Promise<QuotaReservation>;
  /** Gives back a reservation whose records were not accepted after all (failed produce). */
  releaseQuota(release: QuotaRelease): Promise<void>;
  /**
   * The request of `reservationKey` was accepted: its marker is no longer needed (removed in batches).
   */
  settleQuota(reservationKey: string): void;
  /**
   * The request of `reservationKey` was refused, whatever its reserve answered (or failed to): gives
   * back what it charged, if anything, and makes a late copy of it charge nothing. Retried in the
   * background until Redis answers; never throws.
   */
  cancelQuota(cancel: QuotaCancel): Promise<void>;
  /**
   * Reads the delta, hands it to `persist` (the durable write), and only then subtracts exactly
   * what was read, so increments that land meanwhile stay for the next flush. A failed persist
   * subtracts nothing. Run one flusher per key at a time (e.g. behind `setIfAbsent`).
   */
  takeDelta(deltaKey: string, persist: (amount: number) => Promise<void>): Promise<number>;
  /**
   * Every key matching a glob (`*` any run, `?` one character; do not use `[` or `\`, which Redis
   * reads specially), each once. For maintenance jobs such as the usage flush, never for a request
   * path: it walks the whole keyspace (Redis SCAN).
   */
  scanKeys(pattern: string): Promise<string[]>;
  /** GCRA: `burst` requests at once, then `ratePerSecond`. */
  rateLimit(request: RateLimitRequest): Promise<RateLimitDecision>;
  /**
   * `count` requests of one key at once, in one atomic step: a decision for each, in order, exactly
   * what `count` calls of `rateLimit` at that instant would answer (a busy gateway's requests share one
   * round trip).
   */
  rateLimitMany(request: RateLimitRequest, count: number): Promise<RateLimitDecision[]>;
  /**
   * `rateLimit` then, only when it allows, `reserveQuota`, in one atomic step: each answers exactly
   * what the two calls one after the other would (a busy gateway's requests share one round trip).
   * A quota step that fails on its own rejects with QuotaStepError; the rate step was spent then.
   */
  rateLimitThenReserve(request: RateLimitedQuotaRequest): Promise<RateLimitedReservation>;
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once subscribed, so anything published afterwards reaches `handler`. */
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

export interface CountersOptions {
  /** Connection errors and errors thrown by subscription handlers. */
  onError?: (error: unknown) => void;
}

export function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new RangeError(`amount must be a positive integer, got ${amount}`);
}

/** Redis expiries are whole seconds; both implementations accept the same values. */
export function assertTtl(ttlSeconds: number): number {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  return ttlSeconds;
}

export function assertRate({ ratePerSecond, burst }: RateLimitRequest): void {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
    throw new RangeError('ratePerSecond must be positive');
  if (!Number.isSafeInteger(burst) || burst < 1)
    throw new RangeError('burst must be an integer of at least 1');
}

export function assertCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
}

/** A glob of `*` and `?` (everything else literal) as an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  const source = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+(){}[\]]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's');
}
