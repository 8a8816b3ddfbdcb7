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
}

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
