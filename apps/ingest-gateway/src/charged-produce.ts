import { randomUUID } from 'node:crypto';
import { ApiError, type QuotaBucket, quotaKeys, quotaPeriod } from '@quarry/contract';
import {
  type QuotaCancel,
  type QuotaRequest,
  type QuotaReservation,
  QuotaStepError,
  type RateLimitDecision,
  type RateLimitedReservation,
  type RateLimitRequest,
  reservationKey,
} from '@quarry/counters';
import { MESSAGE_ID_HEADER } from '@quarry/pipeline';
import { produceOrThrow } from './produce.ts';
import type { GatewayServices } from './services.ts';

export const QUOTA_UNAVAILABLE = 'Quota service unavailable; retry later';

export interface ChargedMessage {
  /** Whose monthly bucket pays: the project owner for datasets, the project for logs (contract §2, §3). */
  bucket: QuotaBucket;
  owner: number;
  amount: number;
  defaultLimit: number;
  /** The 429 message when the amount would cross the limit. */
  overQuota: string;
  topic: string;
  key: string;
  /** The request's identity for the writer's deduplication (an Idempotency-Key), when it has one. */
  messageId?: string | undefined;
  /** Built only once the quota admitted the request. */
  value: () => string | Buffer;
  /** A rate limit checked first, in the quota's own Redis step (one round trip for both). */
  rateLimit?: RateLimitStep | undefined;
}

/** A rate limit and the answers it gives: refused (429) and its store unavailable (503). */
export interface RateLimitStep {
  request: RateLimitRequest;
  refused(decision: RateLimitDecision): ApiError;
  unavailable(cause: unknown): ApiError;
}

/**
 * Charges `amount` to the monthly quota in one atomic step, then produces one message and resolves
 * once the broker acknowledged it. A refused request counts nothing; a failed produce gives the
 * charge back. Quotas fail closed: without the atomic check nothing bounds what would be admitted.
 * The charge is recorded under a reservation of its own, so a reserve whose reply was lost (Redis
 * killed after running it) is given back exactly once, and never charged late.
 */
export async function produceCharged(services: GatewayServices, message: ChargedMessage): Promise<void> {
  const { bucket, owner, amount } = message;
  const period = currentPeriod(Date.now());
  const keys = {
    limitKey: quotaKeys.limit(bucket, owner),
    totalKey: quotaKeys.total(bucket, owner, period),
    deltaKey: quotaKeys.delta(bucket, owner, period),
  };
  const reservation = {
    reservationKey: reservationKey(randomUUID()),
    totalKey: keys.totalKey,
    deltaKey: keys.deltaKey,
  };
  const verdict = await reserve(services, { ...keys, ...reservation }, message);
  if (!verdict.ok) {
    throw new ApiError(429, message.overQuota, {
      details: { quota: { limit: verdict.limit, used: verdict.used, requested: amount, period } },
      headers: { 'Retry-After': String(secondsUntilNextPeriod()) },
    });
  }
  try {
    const headers = message.messageId ? { [MESSAGE_ID_HEADER]: message.messageId } : undefined;
    await produceOrThrow(services, message.topic, {
      key: message.key,
      value: message.value(),
      ...(headers ? { headers } : {}),
    });
  } catch (error) {
    await services.counters.cancelQuota(reservation);
    throw error;
  }
  services.counters.settleQuota(reservation.reservationKey);
}

/**
 * The quota's reservation, after the rate limit when the message has one (refused there: nothing
 * is charged). A step that fails answers as the step would alone: the rate limit's outage unless
 * the quota step failed on its own.
 */
async function reserve(
  services: GatewayServices,
  quota: Omit<QuotaRequest, 'amount' | 'defaultLimit'> & QuotaCancel,
  message: ChargedMessage,
): Promise<QuotaReservation> {
  const request = { ...quota, amount: message.amount, defaultLimit: message.defaultLimit };
  const limit = message.rateLimit;
  let outcome: RateLimitedReservation;
  try {
    outcome = limit
      ? await services.counters.rateLimitThenReserve({ rate: limit.request, quota: request })
      : { step: 'quota', reservation: await services.counters.reserveQuota(request) };
  } catch (error) {
    // Outcome unknown: it may have run, or run later. The cancellation gives back what it charged,
    // if anything, retried in the background so the client gets its 503 without waiting for Redis.
    const { reservationKey, totalKey, deltaKey } = quota;
    void services.counters.cancelQuota({ reservationKey, totalKey, deltaKey });
    if (limit && !(error instanceof QuotaStepError)) throw limit.unavailable(error);
    throw new ApiError(503, QUOTA_UNAVAILABLE, { headers: { 'Retry-After': '5' }, cause: error });
  }
  if (outcome.step === 'quota') return outcome.reservation;
  // Only a message with a rate limit can be refused by it.
  throw limit?.refused(outcome.decision);
}

// The period changes once a month: its Date and ISO text per request were 1% of a single record's CPU.
const period = { text: '', from: 0, until: 0 };

function currentPeriod(now: number): string {
  if (now < period.from || now >= period.until) {
    const at = new Date(now);
    period.text = quotaPeriod(at);
    period.from = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
    period.until = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  }
  return period.text;
}

/** A monthly quota frees up when the next UTC month starts. */
function secondsUntilNextPeriod(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
