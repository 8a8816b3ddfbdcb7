import { randomUUID } from 'node:crypto';
import { ApiError, type QuotaBucket, quotaKeys, quotaPeriod } from '@quarry/contract';
import { reservationKey } from '@quarry/counters';
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
  value: () => string;
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
  const period = quotaPeriod();
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
  const verdict = await services.counters
    .reserveQuota({
      ...keys,
      amount,
      defaultLimit: message.defaultLimit,
      reservationKey: reservation.reservationKey,
    })
    .catch((error: unknown) => {
      // Outcome unknown: it may have run, or run later. The cancellation gives back what it charged,
      // if anything, retried in the background so the client gets its 503 without waiting for Redis.
      void services.counters.cancelQuota(reservation);
      throw new ApiError(503, QUOTA_UNAVAILABLE, { headers: { 'Retry-After': '5' }, cause: error });
    });
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

/** A monthly quota frees up when the next UTC month starts. */
function secondsUntilNextPeriod(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
