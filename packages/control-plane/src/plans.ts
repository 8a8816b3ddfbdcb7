/** Limits of a plan; -1 means unlimited. Plan defaults come from configuration. */
export interface PlanLimits {
  datasets: number;
  datasetRecordsPerMonth: number;
  logsPerMonth: number;
  logRetentionDays: number;
}

export type Plans = Record<string, PlanLimits>;

export const DEFAULT_PLAN = 'free';

export const DEFAULT_PLANS: Plans = {
  free: { datasets: 10, datasetRecordsPerMonth: 1_000_000, logsPerMonth: 10_000, logRetentionDays: 7 },
  unlimited: { datasets: -1, datasetRecordsPerMonth: -1, logsPerMonth: -1, logRetentionDays: 30 },
};

export function planLimits(plans: Plans, plan: string): PlanLimits {
  const limits = plans[plan] ?? plans[DEFAULT_PLAN];
  if (!limits) throw new Error(`plan ${plan} is not configured and there is no ${DEFAULT_PLAN} plan`);
  return limits;
}
