import { ApiError, wire } from '@quarry/contract';
import { z } from 'zod';
import { MESSAGES } from './messages.ts';

/** Limits of a plan; -1 means unlimited. Plan defaults come from configuration. */
export interface PlanLimits {
  datasets: number;
  datasetRecordsPerMonth: number;
  logsPerMonth: number;
  logRetentionDays: number;
  /** Longest retention a dataset may have, in days; -1 (or absent) is no bound. */
  datasetRetentionDays?: number;
}

export type Plans = Record<string, PlanLimits>;

export const DEFAULT_PLAN = 'free';

export const DEFAULT_PLANS: Plans = {
  free: {
    datasets: 10,
    datasetRecordsPerMonth: 1_000_000,
    logsPerMonth: 10_000,
    logRetentionDays: 7,
    datasetRetentionDays: -1,
  },
  unlimited: {
    datasets: -1,
    datasetRecordsPerMonth: -1,
    logsPerMonth: -1,
    logRetentionDays: 30,
    datasetRetentionDays: -1,
  },
};

export function planLimits(plans: Plans, plan: string): PlanLimits {
  const limits = plans[plan] ?? plans[DEFAULT_PLAN];
  if (!limits) throw new Error(`plan ${plan} is not configured and there is no ${DEFAULT_PLAN} plan`);
  return limits;
}

/**
 * A dataset's retention within its plan: what was asked (at most the plan's bound), or, when nothing
 * was asked (undefined or null), the plan's bound itself; null means rows are kept until deleted.
 */
export function boundedRetention(plan: PlanLimits, requested: number | null | undefined): number | null {
  const max = plan.datasetRetentionDays ?? -1;
  if (requested === undefined || requested === null) return max === -1 ? null : max;
  if (max !== -1 && requested > max) throw new ApiError(400, MESSAGES.retentionOverPlan(max));
  return requested;
}

const limit = z.number().int().min(-1);

/** One plan's limits as an operator writes them in PLANS_JSON. */
export const planLimitsSchema = z.object({
  datasets: limit,
  datasetRecordsPerMonth: limit,
  logsPerMonth: limit,
  // The logs table's retention_days column is a UInt16.
  logRetentionDays: z.number().int().min(1).max(65_535),
  datasetRetentionDays: z
    .union([z.literal(-1), z.number().int().min(1).max(wire.MAX_RETENTION_DAYS)])
    .optional(),
});

/** `PLANS_JSON` (control API and writer): JSON text of plan name → limits, checked at boot. */
export const plansJsonField = () =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), planLimitsSchema))
    .optional();
