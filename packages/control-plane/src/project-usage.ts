import { type QuotaBucket, quotaKeys, quotaPeriod } from '@quarry/contract';
import type { VerbContext } from './deps.ts';
import { planLimits } from './plans.ts';
import { requireProject } from './projects.ts';

/** One quota bucket this month: `limit` -1 is unlimited; `scope` says whose total it is (contract §2, §3). */
export interface BucketUsage {
  bucket: QuotaBucket;
  scope: 'owner' | 'project';
  used: number;
  limit: number;
}

export interface ProjectUsage {
  period: string;
  buckets: BucketUsage[];
  /** Earlier months, newest first, from the durable monthly tables the usage flush fills. */
  history: MonthUsage[];
}

export interface MonthUsage {
  period: string;
  buckets: { bucket: QuotaBucket; used: number }[];
}

/** How many months before this one the usage history shows. */
export const USAGE_HISTORY_MONTHS = 6;

/**
 * This month's usage of a project's quotas, read from the counters the gateways charge (the live
 * totals). Dataset records count per project owner, across the owner's projects; logs per project.
 */
export async function projectUsage(ctx: VerbContext, slug: string): Promise<ProjectUsage> {
  const project = await requireProject(ctx, slug);
  const period = quotaPeriod();
  const plan = planLimits(ctx.deps.plans, await planOf(ctx, Number(project.id)));
  const read = async (bucket: QuotaBucket, ownerId: number, planLimit: number) => {
    const [used, limit] = await Promise.all([
      ctx.deps.counters.get(quotaKeys.total(bucket, ownerId, period)),
      ctx.deps.counters.get(quotaKeys.limit(bucket, ownerId)),
    ]);
    return { used: Number(used ?? 0), limit: limit === null ? planLimit : Number(limit) };
  };
  return {
    period,
    history: await usageHistory(ctx, project, period),
    buckets: [
      {
        bucket: 'datasets',
        scope: 'owner',
        ...(await read('datasets', Number(project.owner_user_id), plan.datasetRecordsPerMonth)),
      },
      { bucket: 'logs', scope: 'project', ...(await read('logs', Number(project.id), plan.logsPerMonth)) },
    ],
  };
}

async function planOf(ctx: VerbContext, projectId: number): Promise<string> {
  const [row] = await ctx.deps.db.query<{ plan: string }>('SELECT plan FROM projects WHERE id = $1', [
    projectId,
  ]);
  return row?.plan ?? 'free';
}

/** The months before `period` with any usage, per bucket (0 where a bucket had none). */
async function usageHistory(
  ctx: VerbContext,
  project: { id: string; owner_user_id: string },
  period: string,
): Promise<MonthUsage[]> {
  const rows = await ctx.deps.db.query<{ bucket: QuotaBucket; period: string; count: string }>(
    `SELECT bucket, period, count FROM monthly_usage
       WHERE user_id = $1 AND bucket = 'datasets' AND period < $3 AND period >= $4
     UNION ALL
     SELECT bucket, period, count FROM project_monthly_usage
       WHERE project_id = $2 AND bucket = 'logs' AND period < $3 AND period >= $4`,
    [project.owner_user_id, project.id, period, monthsBefore(period, USAGE_HISTORY_MONTHS)],
  );
  const months = new Map<string, MonthUsage>();
  for (const row of rows) {
    const month = months.get(row.period) ?? {
      period: row.period,
      buckets: [
        { bucket: 'datasets', used: 0 },
        { bucket: 'logs', used: 0 },
      ],
    };
    const entry = month.buckets.find((bucket) => bucket.bucket === row.bucket);
    if (entry) entry.used += Number(row.count);
    months.set(row.period, month);
  }
  return [...months.values()].sort((a, b) => b.period.localeCompare(a.period));
}

/** `2026-12` minus 6 months is `2026-06`. */
export function monthsBefore(period: string, months: number): string {
  const [year = 0, month = 1] = period.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
