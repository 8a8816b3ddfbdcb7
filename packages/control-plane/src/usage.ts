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

// `usage_delta:<bucket>:<id>:<YYYY-MM>` (contract §2 Quota), the same shape the usage tables check:
// the id is the project owner's for datasets, the project's for logs (§3).
const DELTA_KEY = /^usage_delta:(datasets|logs):([1-9][0-9]{0,17}):([0-9]{4}-(?:0[1-9]|1[0-2]))$/;

// Fixed text per bucket: nothing from a key reaches the SQL but bound parameters.
const UPSERT: Record<QuotaBucket, string> = {
  datasets: `INSERT INTO monthly_usage (user_id, bucket, period, count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, bucket, period) DO UPDATE SET count = monthly_usage.count + EXCLUDED.count`,
  logs: `INSERT INTO project_monthly_usage (project_id, bucket, period, count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (project_id, bucket, period) DO UPDATE SET count = project_monthly_usage.count + EXCLUDED.count`,
};

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
 * Moves every `usage_delta:*` counter into the durable monthly record: `monthly_usage` (datasets, per
 * owner) or `project_monthly_usage` (logs, per project). Per key, the
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
      const [, bucket = '', id = '', period = ''] = parsed;
      try {
        const amount = await deps.counters.takeDelta(key, (delta) =>
          addUsage(deps.db, { id: Number(id), bucket: bucket as QuotaBucket, period, delta }),
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
  input: { id: number; bucket: QuotaBucket; period: string; delta: number },
): Promise<void> {
  try {
    await db.query(UPSERT[input.bucket], [input.id, input.bucket, input.period, input.delta]);
  } catch (error) {
    // The account or project was deleted (its usage rows with it): drop its delta, don't retry forever.
    if ((error as { code?: string }).code === '23503') return;
    throw error;
  }
}
