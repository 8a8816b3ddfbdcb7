import {
  assertCount,
  assertPositiveAmount,
  assertRate,
  assertTtl,
  type Counters,
  type CountersOptions,
  globToRegExp,
  type QuotaRequest,
  type QuotaReservation,
  QuotaStepError,
  type RateLimitDecision,
  type RateLimitRequest,
  reservationTtlSeconds,
  usageKeyTtlSeconds,
} from './counters.ts';
import { gcraStep, gcraSteps } from './gcra.ts';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/**
 * The in-process twin for the single-process embedded runner. Every operation runs to completion
 * without awaiting, so each is as atomic as its Redis script; expiry is checked on access.
 */
export function createMemoryCounters(options: CountersOptions = {}): Counters {
  const entries = new Map<string, Entry>();
  const channels = new Map<string, Set<(message: string) => void>>();

  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key)?.value ?? null;
  };
  const write = (key: string, value: string, ttlSeconds?: number) => {
    entries.set(key, {
      value,
      expiresAt: ttlSeconds === undefined ? undefined : Date.now() + ttlSeconds * 1000,
    });
  };
  // INCRBY keeps an existing expiry; a key that had none gets the usage TTL, as in the scripts.
  const addToUsage = (key: string, amount: number): number => {
    const next = Number(read(key) ?? '0') + amount;
    const expiresAt = entries.get(key)?.expiresAt ?? Date.now() + usageKeyTtlSeconds * 1000;
    entries.set(key, { value: String(next), expiresAt });
    return next;
  };

  // Synchronous, so each runs as one atomic step (the Redis scripts' counterpart).
  const reserve = (request: QuotaRequest): QuotaReservation => {
    const { limitKey, totalKey, deltaKey, amount, defaultLimit, reservationKey } = request;
    if (reservationKey && read(reservationKey) !== null) {
      throw new Error(`quota reservation ${reservationKey} was already cancelled`);
    }
    const stored = read(limitKey);
    if (stored !== null && !/^\s*-?\d+(\.\d+)?\s*$/.test(stored)) {
      throw new Error(`quota limit at ${limitKey} is not a number`);
    }
    const limit = stored === null ? defaultLimit : Number(stored);
    const used = Number(read(totalKey) ?? '0');
    if (limit >= 0 && used + amount > limit) return { ok: false, limit, used };
    addToUsage(deltaKey, amount);
    if (reservationKey) write(reservationKey, String(amount), reservationTtlSeconds);
    return { ok: true, used: addToUsage(totalKey, amount) };
  };
  const rateLimitStep = (request: RateLimitRequest): RateLimitDecision => {
    const stored = read(request.key);
    const now = Date.now();
    const { decision, nextTat } = gcraStep(stored === null ? undefined : Number(stored), now, request);
    if (nextTat !== undefined) write(request.key, String(nextTat), Math.ceil(nextTat - now) / 1000);
    return decision;
  };

  return {
    ping: async () => {},
    get: async (key) => read(key),
    async set(key, value, ttlSeconds) {
      if (ttlSeconds !== undefined) assertTtl(ttlSeconds);
      write(key, value, ttlSeconds);
    },
    async delete(key) {
      entries.delete(key);
    },
    async setIfAbsent(key, value, ttlSeconds) {
      assertTtl(ttlSeconds);
      if (read(key) !== null) return false;
      write(key, value, ttlSeconds);
      return true;
    },
    async setMany(writes) {
      for (const { ttlSeconds } of writes) assertTtl(ttlSeconds);
      return writes.map(({ key, value, ttlSeconds, onlyIfAbsent }) => {
        if (onlyIfAbsent && read(key) !== null) return false;
        write(key, value, ttlSeconds);
        return true;
      });
    },
    async reserveQuota(request) {
      assertPositiveAmount(request.amount);
      return reserve(request);
    },
    settleQuota(reservationKey) {
      entries.delete(reservationKey);
    },
    async cancelQuota({ reservationKey, totalKey, deltaKey }) {
      const charged = Number(read(reservationKey) ?? 'NaN');
      write(reservationKey, 'cancelled', reservationTtlSeconds);
      if (!Number.isSafeInteger(charged)) return;
      const total = addToUsage(totalKey, -charged);
      if (total < 0) addToUsage(totalKey, -total);
      addToUsage(deltaKey, -charged);
    },
    async releaseQuota({ totalKey, deltaKey, amount }) {
      assertPositiveAmount(amount);
      const total = addToUsage(totalKey, -amount);
      if (total < 0) addToUsage(totalKey, -total);
      addToUsage(deltaKey, -amount);
    },
    async takeDelta(deltaKey, persist) {
      const amount = Number(read(deltaKey) ?? '0');
      if (amount === 0) return 0;
      await persist(amount);
      if (read(deltaKey) !== null) addToUsage(deltaKey, -amount);
      return amount;
    },
    async scanKeys(pattern) {
      const matches = globToRegExp(pattern);
      return [...entries.keys()].filter((key) => matches.test(key) && read(key) !== null);
    },
    async rateLimit(request) {
      assertRate(request);
      return rateLimitStep(request);
    },
    async rateLimitMany(request, count) {
      assertRate(request);
      assertCount(count);
      const stored = read(request.key);
      const now = Date.now();
      const { decisions, nextTat } = gcraSteps(
        stored === null ? undefined : Number(stored),
        now,
        request,
        count,
      );
      if (nextTat !== undefined) write(request.key, String(nextTat), Math.ceil(nextTat - now) / 1000);
      return decisions;
    },
    async rateLimitThenReserve({ rate, quota }) {
      assertRate(rate);
      assertPositiveAmount(quota.amount);
      const decision = rateLimitStep(rate);
      if (!decision.allowed) return { step: 'rate', decision };
      try {
        return { step: 'quota', reservation: reserve(quota) };
      } catch (error) {
        throw new QuotaStepError((error as Error).message, { cause: error });
      }
    },
    async publish(channel, message) {
      // Delivered after publish returns, like a message that travelled through Redis.
      for (const handler of channels.get(channel) ?? []) {
        queueMicrotask(() => {
          try {
            handler(message);
          } catch (error) {
            options.onError?.(error);
          }
        });
      }
    },
    async subscribe(channel, handler) {
      const handlers = channels.get(channel) ?? new Set();
      channels.set(channel, handlers.add(handler));
      return async () => {
        handlers.delete(handler);
      };
    },
    async close() {
      entries.clear();
      channels.clear();
    },
  };
}
