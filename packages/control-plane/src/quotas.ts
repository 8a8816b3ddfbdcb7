import { type QuotaBucket, quotaKeys } from '@quarry/contract';
import type { ControlPlaneDeps } from './deps.ts';

const COLUMNS: Record<QuotaBucket, string> = {
  datasets: 'datasets_monthly_quota',
  logs: 'logs_monthly_quota',
};

/**
 * Sets (or with null clears, back to the plan default) a user's monthly quota. The catalog keeps it
 * durably; the counters get the `quota_limit:*` key the gateways read on every request.
 */
export async function setUserQuota(
  deps: Pick<ControlPlaneDeps, 'db' | 'counters'>,
  input: { userId: number; bucket: QuotaBucket; limit: number | null },
): Promise<void> {
  await deps.db.query(`UPDATE users SET ${COLUMNS[input.bucket]} = $2 WHERE id = $1`, [
    input.userId,
    input.limit,
  ]);
  const key = quotaKeys.limit(input.bucket, input.userId);
  if (input.limit === null) await deps.counters.delete(key);
  else await deps.counters.set(key, String(input.limit));
}

/** Copies every per-user quota from the catalog into the counters (at boot: counters may be empty). */
export async function syncQuotaLimits(deps: Pick<ControlPlaneDeps, 'db' | 'counters'>): Promise<number> {
  const rows = await deps.db.query<{
    id: string;
    datasets_monthly_quota: string | null;
    logs_monthly_quota: string | null;
  }>(
    'SELECT id, datasets_monthly_quota, logs_monthly_quota FROM users WHERE datasets_monthly_quota IS NOT NULL OR logs_monthly_quota IS NOT NULL',
  );
  for (const row of rows) {
    for (const bucket of ['datasets', 'logs'] as const) {
      const limit = row[COLUMNS[bucket] as 'datasets_monthly_quota' | 'logs_monthly_quota'];
      if (limit !== null) await deps.counters.set(quotaKeys.limit(bucket, Number(row.id)), String(limit));
    }
  }
  return rows.length;
}
