import type { Redis } from 'ioredis';
import { type QuotaCancel, reservationTtlSeconds, usageKeyTtlSeconds } from './counters.ts';

const SETTLE_BATCH = 500;
const FLUSH_EVERY_MS = 1_000;
// Settled markers only cost memory (they expire anyway): past this many unflushed, drop the rest.
const MAX_UNFLUSHED = 100_000;

interface CancelCommand {
  quarryCancelQuota(
    total: string,
    delta: string,
    reservation: string,
    ttl: number,
    markerTtl: number,
  ): Promise<unknown>;
}

/**
 * The markers of quota reservations on one Redis connection: settled ones are deleted in batches,
 * cancellations that could not reach Redis are retried every second until they land. A cancellation
 * is idempotent (the marker says whether it already gave the charge back), so retrying is safe.
 */
export class RedisReservations {
  private settled: string[] = [];
  private readonly cancels = new Map<string, QuotaCancel>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  private readonly redis: Redis;
  private readonly onError: ((error: unknown) => void) | undefined;

  constructor(redis: Redis, onError?: (error: unknown) => void) {
    this.redis = redis;
    this.onError = onError;
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  settle(key: string): void {
    if (this.settled.length >= MAX_UNFLUSHED) return;
    this.settled.push(key);
    if (this.settled.length >= SETTLE_BATCH) void this.flush();
  }

  async cancel(cancel: QuotaCancel): Promise<void> {
    this.cancels.set(cancel.reservationKey, cancel);
    await this.sendCancel(cancel);
  }

  /** Deletes settled markers and retries pending cancellations; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    const keys = this.settled.splice(0, this.settled.length);
    for (let i = 0; i < keys.length; i += SETTLE_BATCH) {
      const batch = keys.slice(i, i + SETTLE_BATCH);
      await this.redis.unlink(...batch).catch((error: unknown) => {
        this.settled.push(...batch);
        this.onError?.(error);
      });
    }
    for (const cancel of [...this.cancels.values()]) await this.sendCancel(cancel);
  }

  private async sendCancel(cancel: QuotaCancel): Promise<void> {
    const command = this.redis as unknown as CancelCommand;
    try {
      await command.quarryCancelQuota(
        cancel.totalKey,
        cancel.deltaKey,
        cancel.reservationKey,
        usageKeyTtlSeconds,
        reservationTtlSeconds,
      );
      this.cancels.delete(cancel.reservationKey);
    } catch (error) {
      this.onError?.(error);
    }
  }

  /** Cancellations still waiting for Redis (what a crash now would leave charged). */
  get pendingCancels(): number {
    return this.cancels.size;
  }
}
