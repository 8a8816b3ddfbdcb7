import { describe, expect, it } from 'vitest';
import { bucketWidthMs, LOG_VOLUME_LIMITS } from './logs-volume.ts';

describe('the log volume bucket width', () => {
  it('is the smallest readable width that keeps the range within the bucket bound', () => {
    const minutes = (n: number) => n * 60_000;
    expect(bucketWidthMs(minutes(2))).toBe(1_000);
    expect(bucketWidthMs(minutes(15))).toBe(10_000);
    expect(bucketWidthMs(minutes(60))).toBe(30_000);
    expect(bucketWidthMs(minutes(24 * 60))).toBe(900_000);
    expect(bucketWidthMs(minutes(7 * 24 * 60))).toBe(7_200_000);
    expect(bucketWidthMs(0)).toBe(1_000);
  });

  it('never gives more buckets than the bound, up to the longest range allowed', () => {
    for (let days = 1; days <= LOG_VOLUME_LIMITS.maxRangeDays; days += 7) {
      const range = days * 86_400_000;
      expect(range / bucketWidthMs(range)).toBeLessThanOrEqual(LOG_VOLUME_LIMITS.maxBuckets);
    }
  });
});
