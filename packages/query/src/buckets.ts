import { type Duration, INTERVAL_FUNCTIONS, parseDuration } from './durations.ts';

/** How a bucket renders: `zone` is `'UTC'` or a bound zone parameter, `width` a bound amount. */
interface BucketSpec {
  key: (column: string, zone: string) => string;
  /** The WITH FILL step between two buckets. */
  step: string;
  /** The shortest a bucket can be, to bound how many a range holds. */
  minMs: number;
  /** Day, week and month follow a time zone's calendar; shorter buckets are the same everywhere. */
  zoned: boolean;
}

const DAY_MS = 86_400_000;
const fixed = (unit: string, ms: number): BucketSpec => ({
  key: (column) => `toStartOfInterval(${column}, INTERVAL 1 ${unit}, 'UTC')`,
  step: `INTERVAL 1 ${unit}`,
  minMs: ms,
  zoned: false,
});
// toStartOfWeek and toStartOfMonth give a Date: in a zone it is that zone's midnight, not UTC's.
const calendar = (fn: (column: string, zone: string) => string) => (column: string, zone: string) =>
  zone === "'UTC'" ? fn(column, zone) : `toDateTime(${fn(column, zone)}, ${zone})`;

/** Time buckets for groupBy, in UTC unless a zone is given; a week starts on Monday (toStartOfWeek mode 1). */
export const BUCKETS = {
  minute: fixed('minute', 60_000),
  hour: fixed('hour', 3_600_000),
  // A zoned day can be 23 hours long (a DST change), hence the shorter minimum.
  day: {
    key: (column, zone) => `toStartOfInterval(${column}, INTERVAL 1 day, ${zone})`,
    step: 'INTERVAL 1 day',
    minMs: DAY_MS - 3_600_000,
    zoned: true,
  },
  week: {
    key: calendar((column, zone) => `toStartOfWeek(${column}, 1, ${zone})`),
    step: 'INTERVAL 1 week',
    minMs: 7 * DAY_MS - 3_600_000,
    zoned: true,
  },
  month: {
    key: calendar((column, zone) => `toStartOfMonth(${column}, ${zone})`),
    step: 'INTERVAL 1 month',
    minMs: 28 * DAY_MS - 3_600_000,
    zoned: true,
  },
} as const satisfies Record<string, BucketSpec>;

export type BucketName = keyof typeof BUCKETS;
export const BUCKET_NAMES = Object.keys(BUCKETS) as [BucketName, ...BucketName[]];

/** A width bucket (`15m`, `6h`, `2d`): whole seconds to days, aligned to the epoch in UTC. */
export function widthBucket(width: Duration, amount: string): BucketSpec {
  const interval = `${INTERVAL_FUNCTIONS[width.unit]}(${amount})`;
  return {
    key: (column) => `toStartOfInterval(${column}, ${interval}, 'UTC')`,
    step: interval,
    minMs: width.ms,
    zoned: false,
  };
}

export const WIDTH_UNITS = ['s', 'm', 'h', 'd'] as const;

export function parseWidth(text: string): Duration | undefined {
  return parseDuration(text, WIDTH_UNITS);
}

export const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** An IANA zone name the runtime's tz database knows (`Europe/Bucharest`, `UTC`); never an offset. */
export function isTimeZone(name: string): boolean {
  if (name.length > 64 || !ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
