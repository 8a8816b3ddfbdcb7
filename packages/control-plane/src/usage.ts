import { randomUUID } from 'node:crypto';
import type { QuotaBucket } from '@quarry/contract';
import type { Db } from './deps.ts';

/** The counters the usage flush needs (Redis in production, the memory twin embedded). */
export interface UsageCounters {
  scanKeys(pattern: string): Promise<string[]>;
  takeDelta(deltaKey: string, persist: (amount: number) => Promise<void>): Promise<number>;
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
}

export const USAGE_FLUSH_LOCK = 'lock:usage-flush';

// `usage_delta:<bucket>:<userId>:<YYYY-MM>` (contract §2 Quota), the same shape monthly_usage checks.
const DELTA_KEY = /^usage_delta:(datasets|logs):([1-9][0-9]{0,17}):([0-9]{4}-(?:0[1-9]|1[0-2]))$/;

export interface UsageFlushReport {
  /** False when another flusher held the lock: this call did nothing. */
  ran: boolean;
  flushed: { key: string; amount: number }[];
  /** Keys matching the glob that are not usage keys; left alone. */
  skipped: string[];
  /** Keys whose durable write failed; their delta stays for the next flush. */
  failed: { key: string; error: unknown }[];
}

/**
 * Moves every `usage_delta:*` counter into `monthly_usage`, the durable monthly record. Per key, the
 * counters read the delta, the catalog adds it, and only then is exactly that amount subtracted, so
 * records accepted meanwhile stay for the next flush and a failed write loses nothing. One flusher runs
 * at a time (`lock:usage-flush`). A crash between the catalog commit and the subtraction counts that
 * delta twice; everything else is exact. `match` narrows the keys, e.g. `usage_delta:logs:*`.
 */
export async function flushUsage(
  deps: { db: Db; counters: UsageCounters },
  options: { match?: string; lockTtlSeconds?: number } = {},
): Promise<UsageFlushReport> {
  const report: UsageFlushReport = { ran: false, flushed: [], skipped: [], failed: [] };
  const token = randomUUID();
  const lockTtlSeconds = options.lockTtlSeconds ?? 300;
  if (!(await deps.counters.setIfAbsent(USAGE_FLUSH_LOCK, token, lockTtlSeconds))) return report;
  report.ran = true;
  try {
    for (const key of await deps.counters.scanKeys(options.match ?? 'usage_delta:*')) {
      const parsed = DELTA_KEY.exec(key);
      if (!parsed) {
        report.skipped.push(key);
        continue;
      }
      const [, bucket = '', userId = '', period = ''] = parsed;
      try {
        const amount = await deps.counters.takeDelta(key, (delta) =>
          addUsage(deps.db, { userId: Number(userId), bucket: bucket as QuotaBucket, period, delta }),
        );
        if (amount !== 0) report.flushed.push({ key, amount });
      } catch (error) {
        report.failed.push({ key, error });
      }
    }
  } finally {
    // Only our own lock: if it expired during a long flush, another flusher may hold it now.
    if ((await deps.counters.get(USAGE_FLUSH_LOCK)) === token) await deps.counters.delete(USAGE_FLUSH_LOCK);
  }
  return report;
}

async function addUsage(
  db: Db,
  input: { userId: number; bucket: QuotaBucket; period: string; delta: number },
): Promise<void> {
  try {
    await db.query(
      `INSERT INTO monthly_usage (user_id, bucket, period, count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, bucket, period) DO UPDATE SET count = monthly_usage.count + EXCLUDED.count`,
      [input.userId, input.bucket, input.period, input.delta],
    );
  } catch (error) {
    // The account was deleted (and its usage rows with it): drop its delta rather than retry forever.
    if ((error as { code?: string }).code === '23503') return;
    throw error;
  }
}
