import { Redis } from 'ioredis';
import {
  assertCount,
  assertPositiveAmount,
  assertRate,
  assertTtl,
  type Counters,
  type CountersOptions,
  type KeyWrite,
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
  releaseQuotaLua,
  stepsLua,
  subtractDeltaLua,
} from './redis-scripts.ts';
import { RedisSubscriptions } from './redis-subscriptions.ts';
import { SharedTrips } from './shared-trips.ts';

type ScriptReply = Promise<number[]>;
interface QuarryScripts {
  quarryReleaseQuota(total: string, delta: string, amount: number, ttl: number): Promise<unknown>;
  quarrySubtractDelta(delta: string, amount: number): Promise<unknown>;
  quarryRateLimit(key: string, intervalMs: number, burst: number): ScriptReply;
  quarryRateLimitMany(key: string, intervalMs: number, burst: number, count: number): ScriptReply;
  /** Each step's keys, then two arguments and each step's kind and arguments (stepsLua). */
  quarrySteps(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<(number | string)[]>;
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
  redis.defineCommand('quarryCancelQuota', { numberOfKeys: 3, lua: cancelQuotaLua });
  redis.defineCommand('quarryReleaseQuota', { numberOfKeys: 2, lua: releaseQuotaLua });
  redis.defineCommand('quarrySubtractDelta', { numberOfKeys: 1, lua: subtractDeltaLua });
  redis.defineCommand('quarryRateLimit', { numberOfKeys: 1, lua: rateLimitLua });
  redis.defineCommand('quarryRateLimitMany', { numberOfKeys: 1, lua: rateLimitManyLua });
  redis.defineCommand('quarrySteps', { lua: stepsLua });
  const scripts = redis as unknown as QuarryScripts;
  const subscriptions = new RedisSubscriptions(redis, options.onError);
  const reservations = new RedisReservations(redis, options.onError);
  // Every request of a busy gateway reserves its quota, and one with an Idempotency-Key writes its
  // claim and its answer: the steps that arrive while one is in flight share the next script call,
  // whatever their kind (a socket write and a reply each was 15% of a request's CPU; a lane per kind
  // made two or three calls per round trip where one carries them all).
  const steps = new SharedTrips((_lane, inputs: Step[]) => runSteps(scripts, inputs), 250);

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
      for (const { ttlSeconds } of writes) assertTtl(ttlSeconds);
      return (await steps.send('steps', { kind: 'set', writes })) as boolean[];
    },
    async reserveQuota(request) {
      assertPositiveAmount(request.amount);
      const reply = await steps.send('steps', { kind: 'reserve', request });
      if (reply instanceof Error) throw reply;
      return reply as QuotaReservation;
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
      const reply = await steps.send('steps', { kind: 'limit-then-reserve', request });
      if (reply instanceof Error) throw reply;
      return reply as RateLimitedReservation;
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

/** One step of stepsLua: a reservation, a rate limit then a reservation, or the writes of one setMany. */
type Step =
  | { kind: 'reserve'; request: QuotaRequest }
  | { kind: 'limit-then-reserve'; request: RateLimitedQuotaRequest }
  | { kind: 'set'; writes: readonly KeyWrite[] };
type StepReply = QuotaReservation | RateLimitedReservation | boolean[] | Error;

/** One script call running each step in turn; a request's own failure is its answer, not the trip's. */
async function runSteps(scripts: QuarryScripts, steps: Step[]): Promise<StepReply[]> {
  const keys: string[] = [];
  const args: (string | number)[] = [usageKeyTtlSeconds, reservationTtlSeconds];
  for (const step of steps) {
    if (step.kind === 'set') {
      for (const { key, value, ttlSeconds, onlyIfAbsent } of step.writes) {
        keys.push(key);
        args.push('s', value, ttlSeconds, onlyIfAbsent ? 1 : 0);
      }
    } else if (step.kind === 'reserve') {
      const { request } = step;
      keys.push(request.limitKey, request.totalKey, request.deltaKey, request.reservationKey ?? '');
      args.push('r', request.amount, request.defaultLimit);
    } else {
      const { rate, quota } = step.request;
      keys.push(rate.key, quota.limitKey, quota.totalKey, quota.deltaKey, quota.reservationKey ?? '');
      args.push('l', 1000 / rate.ratePerSecond, rate.burst, quota.amount, quota.defaultLimit);
    }
  }
  const reply = await scripts.quarrySteps(keys.length, ...keys, ...args);
  let at = 0;
  const take = (count: number) => {
    at += count;
    return reply.slice(at - count, at);
  };
  return steps.map((step): StepReply => {
    if (step.kind === 'set') return take(step.writes.length).map((each) => each === 1);
    if (step.kind === 'reserve') return reservationOf(step.request, take(3));
    const [allowed, waitMs = 0, ...reserved] = take(5);
    // Redis failed on this request's own keys: answered as a failed trip was (the rate limit's outage).
    if (reserved[0] === 4) return new Error(`rate limit and quota step failed: ${reserved[1]}`);
    if (allowed !== 1) {
      return {
        step: 'rate',
        decision: { allowed: false, retryAfterSeconds: retryAfterSeconds(Number(waitMs)) },
      };
    }
    const reservation = reservationOf(step.request.quota, reserved);
    return reservation instanceof Error
      ? new QuotaStepError(reservation.message)
      : { step: 'quota', reservation };
  });
}

/** One reservation's {ok, limit, used} reply; a failure of its own is an Error, not a thrown one. */
function reservationOf(
  request: QuotaRequest,
  [ok, limit = 0, used = 0]: (number | string)[],
): QuotaReservation | Error {
  if (ok === 1) return { ok: true, used: Number(used) };
  if (ok === 0) return { ok: false, limit: Number(limit), used: Number(used) };
  if (ok === 2) return new Error(`quota reservation ${request.reservationKey} was already cancelled`);
  if (ok === 3) return new Error(`quota limit at ${request.limitKey} is not a number`);
  if (ok === 4) return new Error(`quota reservation ${request.reservationKey} failed in Redis: ${limit}`);
  return new Error(`unexpected quota reply ${JSON.stringify([ok, limit, used])}`);
}
