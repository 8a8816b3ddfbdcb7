import { Redis } from 'ioredis';
import {
  assertCount,
  assertPositiveAmount,
  assertRate,
  assertTtl,
  type Counters,
  type CountersOptions,
  type QuotaRequest,
  type QuotaReservation,
  QuotaStepError,
  type RateLimitedQuotaRequest,
  type RateLimitedReservation,
  reservationTtlSeconds,
  usageKeyTtlSeconds,
} from './counters.ts';
import { retryAfterSeconds } from './gcra.ts';
import { RedisReservations } from './redis-reservations.ts';
import {
  cancelQuotaLua,
  rateLimitLua,
  rateLimitManyLua,
  rateLimitThenReserveManyLua,
  releaseQuotaLua,
  reserveQuotaManyLua,
  setManyLua,
  subtractDeltaLua,
} from './redis-scripts.ts';
import { RedisSubscriptions } from './redis-subscriptions.ts';
import { SharedTrips } from './shared-trips.ts';

type ScriptReply = Promise<number[]>;
interface QuarryScripts {
  /** Four keys per reservation, then two arguments and two per reservation (reserveQuotaManyLua). */
  quarryReserveQuotaMany(keyCount: number, ...keysThenArgs: (string | number)[]): ScriptReply;
  quarryReleaseQuota(total: string, delta: string, amount: number, ttl: number): Promise<unknown>;
  quarrySubtractDelta(delta: string, amount: number): Promise<unknown>;
  quarryRateLimit(key: string, intervalMs: number, burst: number): ScriptReply;
  quarryRateLimitMany(key: string, intervalMs: number, burst: number, count: number): ScriptReply;
  /** Five keys per request, then two arguments and four per request (rateLimitThenReserveManyLua). */
  quarryRateLimitThenReserveMany(keyCount: number, ...keysThenArgs: (string | number)[]): ScriptReply;
  /** `keyCount` keys, then a value, a TTL and 0|1 (only if absent) per key. */
  quarrySetMany(keyCount: number, ...keysThenArgs: (string | number)[]): ScriptReply;
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
  redis.defineCommand('quarryReserveQuotaMany', { lua: reserveQuotaManyLua });
  redis.defineCommand('quarryCancelQuota', { numberOfKeys: 3, lua: cancelQuotaLua });
  redis.defineCommand('quarryReleaseQuota', { numberOfKeys: 2, lua: releaseQuotaLua });
  redis.defineCommand('quarrySubtractDelta', { numberOfKeys: 1, lua: subtractDeltaLua });
  redis.defineCommand('quarryRateLimit', { numberOfKeys: 1, lua: rateLimitLua });
  redis.defineCommand('quarryRateLimitMany', { numberOfKeys: 1, lua: rateLimitManyLua });
  redis.defineCommand('quarryRateLimitThenReserveMany', { lua: rateLimitThenReserveManyLua });
  redis.defineCommand('quarrySetMany', { lua: setManyLua });
  const scripts = redis as unknown as QuarryScripts;
  const subscriptions = new RedisSubscriptions(redis, options.onError);
  const reservations = new RedisReservations(redis, options.onError);
  // Every request of a busy gateway reserves its quota: the ones that arrive while a reserve is in
  // flight share the next script call (a socket write and a reply each was 15% of a request's CPU).
  const reserves = new SharedTrips((_lane, requests: QuotaRequest[]) => reserveMany(scripts, requests), 250);
  // The log endpoints' rate limit and quota: one script per trip for both steps of every request in it.
  const limitedReserves = new SharedTrips(
    (_lane, requests: RateLimitedQuotaRequest[]) => rateLimitThenReserveMany(scripts, requests),
    250,
  );

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
    async setMany(writes) {
      if (writes.length === 0) return [];
      const args = writes.flatMap(({ value, ttlSeconds, onlyIfAbsent }) => [
        value,
        assertTtl(ttlSeconds),
        onlyIfAbsent ? 1 : 0,
      ]);
      const stored = await scripts.quarrySetMany(writes.length, ...writes.map(({ key }) => key), ...args);
      return stored.map((each) => each === 1);
    },
    async reserveQuota(request) {
      assertPositiveAmount(request.amount);
      const reply = await reserves.send('reserve', request);
      if (reply instanceof Error) throw reply;
      return reply;
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
    async rateLimitThenReserve(request) {
      assertRate(request.rate);
      assertPositiveAmount(request.quota.amount);
      const reply = await limitedReserves.send('limit-then-reserve', request);
      if (reply instanceof Error) throw reply;
      return reply;
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

/** One script call deciding each request in turn; a request's own failure is its answer, not the trip's. */
async function reserveMany(
  scripts: QuarryScripts,
  requests: QuotaRequest[],
): Promise<(QuotaReservation | Error)[]> {
  const keys = requests.flatMap((r) => [r.limitKey, r.totalKey, r.deltaKey, r.reservationKey ?? '']);
  const args = requests.flatMap((r) => [r.amount, r.defaultLimit]);
  const reply = await scripts.quarryReserveQuotaMany(
    keys.length,
    ...keys,
    usageKeyTtlSeconds,
    reservationTtlSeconds,
    ...args,
  );
  return requests.map((request, i) => reservationOf(request, reply.slice(i * 3, i * 3 + 3)));
}

/** The rate step then the reservation of each request, in one script call (see reserveMany). */
async function rateLimitThenReserveMany(
  scripts: QuarryScripts,
  requests: RateLimitedQuotaRequest[],
): Promise<(RateLimitedReservation | Error)[]> {
  const keys = requests.flatMap(({ rate, quota }) => [
    rate.key,
    quota.limitKey,
    quota.totalKey,
    quota.deltaKey,
    quota.reservationKey ?? '',
  ]);
  const args = requests.flatMap(({ rate, quota }) => [
    1000 / rate.ratePerSecond,
    rate.burst,
    quota.amount,
    quota.defaultLimit,
  ]);
  const reply = await scripts.quarryRateLimitThenReserveMany(
    keys.length,
    ...keys,
    usageKeyTtlSeconds,
    reservationTtlSeconds,
    ...args,
  );
  return requests.map(({ quota }, i): RateLimitedReservation | Error => {
    const [allowed, waitMs = 0, ...reserved] = reply.slice(i * 5, i * 5 + 5);
    if (allowed !== 1) {
      return { step: 'rate', decision: { allowed: false, retryAfterSeconds: retryAfterSeconds(waitMs) } };
    }
    const reservation = reservationOf(quota, reserved);
    return reservation instanceof Error
      ? new QuotaStepError(reservation.message)
      : { step: 'quota', reservation };
  });
}

/** One reservation's {ok, limit, used} reply; a failure of its own is an Error, not a thrown one. */
function reservationOf(request: QuotaRequest, [ok, limit = 0, used = 0]: number[]): QuotaReservation | Error {
  if (ok === 1) return { ok: true, used };
  if (ok === 0) return { ok: false, limit, used };
  if (ok === 2) return new Error(`quota reservation ${request.reservationKey} was already cancelled`);
  if (ok === 3) return new Error(`quota limit at ${request.limitKey} is not a number`);
  return new Error(`unexpected quota reply ${JSON.stringify([ok, limit, used])}`);
}
