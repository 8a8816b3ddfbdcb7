export type QuotaBucket = 'datasets' | 'logs';

/** Redis key names of the contract (§2 Quota): the bucket is `datasets` or `logs`. */
export const quotaKeys = {
  limit: (bucket: QuotaBucket, ownerId: number) => `quota_limit:${bucket}:${ownerId}`,
  total: (bucket: QuotaBucket, ownerId: number, period: string) =>
    `usage_total:${bucket}:${ownerId}:${period}`,
  delta: (bucket: QuotaBucket, ownerId: number, period: string) =>
    `usage_delta:${bucket}:${ownerId}:${period}`,
};

/** The quota period of an instant: its UTC month, YYYY-MM. */
export function quotaPeriod(at: Date = new Date()): string {
  return at.toISOString().slice(0, 7);
}
