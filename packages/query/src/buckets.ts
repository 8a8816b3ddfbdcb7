/** Time buckets for groupBy, all computed in UTC; a week starts on Monday (toStartOfWeek mode 1). */
export const BUCKETS = {
  minute: (column: string) => `toStartOfInterval(${column}, INTERVAL 1 minute, 'UTC')`,
  hour: (column: string) => `toStartOfInterval(${column}, INTERVAL 1 hour, 'UTC')`,
  day: (column: string) => `toStartOfInterval(${column}, INTERVAL 1 day, 'UTC')`,
  week: (column: string) => `toStartOfWeek(${column}, 1, 'UTC')`,
  month: (column: string) => `toStartOfMonth(${column}, 'UTC')`,
} as const;

export type BucketName = keyof typeof BUCKETS;
export const BUCKET_NAMES = Object.keys(BUCKETS) as [BucketName, ...BucketName[]];
