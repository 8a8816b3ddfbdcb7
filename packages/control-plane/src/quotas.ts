import { quotaKeys } from '@quarry/contract';
import type { ControlPlaneDeps } from './deps.ts';

type QuotaDeps = Pick<ControlPlaneDeps, 'db' | 'counters'>;

/**
 * Sets (or with null clears, back to the plan default) a user's monthly dataset record quota (§2:
 * counted per project owner). The catalog keeps it durably; the counters get the `quota_limit:*`
 * key the gateways read on every request. Logs are counted per project: see setProjectQuota.
 */
export async function setUserQuota(
  deps: QuotaDeps,
  input: { userId: number; bucket: 'datasets'; limit: number | null },
): Promise<void> {
  await deps.db.query('UPDATE users SET datasets_monthly_quota = $2 WHERE id = $1', [
    input.userId,
    input.limit,
  ]);
  await putLimit(deps, quotaKeys.limit('datasets', input.userId), input.limit);
}

/** Sets (or with null clears) a project's monthly log quota (§3: per project), durably and in the counters. */
export async function setProjectQuota(
  deps: QuotaDeps,
  input: { projectId: number; limit: number | null },
): Promise<void> {
  await deps.db.query('UPDATE projects SET logs_monthly_quota = $2 WHERE id = $1', [
    input.projectId,
    input.limit,
  ]);
  await putLimit(deps, quotaKeys.limit('logs', input.projectId), input.limit);
}

/** Copies every quota override from the catalog into the counters (at boot: counters may be empty). */
export async function syncQuotaLimits(deps: QuotaDeps): Promise<number> {
  const users = await deps.db.query<{ id: string; quota: string | number }>(
    'SELECT id, datasets_monthly_quota AS quota FROM users WHERE datasets_monthly_quota IS NOT NULL',
  );
  for (const row of users)
    await deps.counters.set(quotaKeys.limit('datasets', Number(row.id)), String(row.quota));
  const projects = await deps.db.query<{ id: string; quota: string | number }>(
    'SELECT id, logs_monthly_quota AS quota FROM projects WHERE logs_monthly_quota IS NOT NULL',
  );
  for (const row of projects)
    await deps.counters.set(quotaKeys.limit('logs', Number(row.id)), String(row.quota));
  return users.length + projects.length;
}

async function putLimit(deps: QuotaDeps, key: string, limit: number | null): Promise<void> {
  if (limit === null) await deps.counters.delete(key);
  else await deps.counters.set(key, String(limit));
}
