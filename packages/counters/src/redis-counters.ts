import { Redis } from 'ioredis';
import {
  assertCount,
  assertPositiveAmount,
  assertRate,
  assertTtl,
  type Counters,
  type CountersOptions,
  reservationTtlSeconds,
  usageKeyTtlSeconds,
} from './counters.ts';
import { retryAfterSeconds } from './gcra.ts';
import { RedisReservations } from './redis-reservations.ts';
import {
  cancelQuotaLua,
  rateLimitLua,
  rateLimitManyLua,
  releaseQuotaLua,
  reserveQuotaLua,
  subtractDeltaLua,
} from './redis-scripts.ts';
import { RedisSubscriptions } from './redis-subscriptions.ts';

type ScriptReply = Promise<number[]>;
interface QuarryScripts {
  /** `keyCount` is 3, or 4 with a reservation key after the delta key. */
  quarryReserveQuota(keyCount: number, ...keysThenArgs: (string | number)[]): ScriptReply;
  quarryReleaseQuota(total: string, delta: string, amount: number, ttl: number): Promise<unknown>;
  quarrySubtractDelta(delta: string, amount: number): Promise<unknown>;
  quarryRateLimit(key: string, intervalMs: number, burst: number): ScriptReply;
  quarryRateLimitMany(key: string, intervalMs: number, burst: number, count: number): ScriptReply;
}

export function createRedisCounters(url: string, options: CountersOptions = {}): Counters {
  // Few retries and a command timeout: the gateway answers 503 quickly when Redis is away
  // instead of holding requests in ioredis's offline queue. No resend after a reconnect: ioredis
  // would run again, minutes later, a command whose caller already answered 503 (a charge).
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    commandTimeout: 5_000,
    autoResendUnfulfilledCommands: false,
  });
  if (options.onError) redis.on('error', options.onError);
  redis.defineCommand('quarryReserveQuota', { lua: reserveQuotaLua });
  redis.defineCommand('quarryCancelQuota', { numberOfKeys: 3, lua: cancelQuotaLua });
  redis.defineCommand('quarryReleaseQuota', { numberOfKeys: 2, lua: releaseQuotaLua });
  redis.defineCommand('quarrySubtractDelta', { numberOfKeys: 1, lua: subtractDeltaLua });
  redis.defineCommand('quarryRateLimit', { numberOfKeys: 1, lua: rateLimitLua });
  redis.defineCommand('quarryRateLimitMany', { numberOfKeys: 1, lua: rateLimitManyLua });
  const scripts = redis as unknown as QuarryScripts;
  const subscriptions = new RedisSubscriptions(redis, options.onError);
  const reservations = new RedisReservations(redis, options.onError);

  return {
    async ping() {
      await redis.ping();
    },
    get: (key) => redis.get(key),
    async set(key, value, ttlSeconds) {
      if (ttlSeconds === undefined) await redis.set(key, value);
      else await redis.set(key, value, 'EX', assertTtl(ttlSeconds));
    },
    async delete(key) {
      await redis.del(key);
    },
    async setIfAbsent(key, value, ttlSeconds) {
      return (await redis.set(key, value, 'EX', assertTtl(ttlSeconds), 'NX')) === 'OK';
    },
    async reserveQuota({ limitKey, totalKey, deltaKey, amount, defaultLimit, reservationKey }) {
      assertPositiveAmount(amount);
      const keys = reservationKey
        ? [limitKey, totalKey, deltaKey, reservationKey]
        : [limitKey, totalKey, deltaKey];
      const [ok, limit = 0, used = 0] = await scripts.quarryReserveQuota(
        keys.length,
        ...keys,
        amount,
        defaultLimit,
        usageKeyTtlSeconds,
        reservationTtlSeconds,
      );
      if (ok === 2) throw new Error(`quota reservation ${reservationKey} was already cancelled`);
      return ok === 1 ? { ok: true, used } : { ok: false, limit, used };
    },
    settleQuota: (reservationKey) => reservations.settle(reservationKey),
    cancelQuota: (cancel) => reservations.cancel(cancel),
    async releaseQuota({ totalKey, deltaKey, amount }) {
      assertPositiveAmount(amount);
      await scripts.quarryReleaseQuota(totalKey, deltaKey, amount, usageKeyTtlSeconds);
    },
    async takeDelta(deltaKey, persist) {
      const amount = Number((await redis.get(deltaKey)) ?? '0');
      if (amount === 0) return 0;
      await persist(amount);
      await scripts.quarrySubtractDelta(deltaKey, amount);
      return amount;
    },
    async scanKeys(pattern) {
      // SCAN may return a key more than once; COUNT only sizes each step.
      const keys = new Set<string>();
      for await (const batch of redis.scanStream({ match: pattern, count: 1_000 })) {
        for (const key of batch as string[]) keys.add(key);
      }
      return [...keys];
    },
    async rateLimit(request) {
      assertRate(request);
      const [allowed, waitMs = 0] = await scripts.quarryRateLimit(
        request.key,
        1000 / request.ratePerSecond,
        request.burst,
      );
      return allowed === 1
        ? { allowed: true, retryAfterSeconds: 0 }
        : { allowed: false, retryAfterSeconds: retryAfterSeconds(waitMs) };
    },
    async rateLimitMany(request, count) {
      assertRate(request);
      assertCount(count);
      const [admitted = 0, waitMs = 0] = await scripts.quarryRateLimitMany(
        request.key,
        1000 / request.ratePerSecond,
        request.burst,
        count,
      );
      const refused = { allowed: false, retryAfterSeconds: retryAfterSeconds(waitMs) };
      return Array.from({ length: count }, (_, i) =>
        i < admitted ? { allowed: true, retryAfterSeconds: 0 } : refused,
      );
    },
    async publish(channel, message) {
      await redis.publish(channel, message);
    },
    subscribe: (channel, handler) => subscriptions.add(channel, handler),
    async close() {
      await reservations.close();
      await subscriptions.close();
      // QUIT needs Redis: a drain during an outage drops the connection instead of failing.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
