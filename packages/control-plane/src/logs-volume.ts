import { ApiError } from '@quarry/contract';
import { LOGS_TABLE } from '@quarry/pipeline';
import { timestampToEpochMs } from '@quarry/schema';
import { z } from 'zod';
import type { VerbContext } from './deps.ts';
import { describeIssue, runLogQuery } from './logs-search.ts';
import { compileFilters, LogFilterBody } from './logs-search-sql.ts';
import { requireProject } from './projects.ts';

export const LOG_VOLUME_LIMITS = { maxBuckets: 120, maxRangeDays: 400 };

/** The histogram's body: the search filters with a range that must name both ends. */
export const LogVolumeBody = LogFilterBody.extend({
  range: z.strictObject({
    from: LogFilterBody.shape.range.unwrap().shape.from.unwrap(),
    to: LogFilterBody.shape.range.unwrap().shape.to.unwrap(),
  }),
});

// Widths a reader can count in: the smallest one that keeps the range within maxBuckets wins.
const WIDTHS_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800,
  345_600, 604_800,
];

/** The bucket width for a range in milliseconds: at most maxBuckets buckets. */
export function bucketWidthMs(rangeMs: number): number {
  const seconds =
    WIDTHS_SECONDS.find((width) => rangeMs / (width * 1_000) <= LOG_VOLUME_LIMITS.maxBuckets) ??
    WIDTHS_SECONDS[WIDTHS_SECONDS.length - 1];
  return (seconds ?? 604_800) * 1_000;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type LevelCounts = Record<(typeof LEVELS)[number], string>;
export interface LogVolume {
  bucketSeconds: number;
  buckets: Array<{ start: string } & LevelCounts>;
  total: string;
}

const Count = z.object({ bucket: z.coerce.number(), level: z.string(), n: z.coerce.bigint() });

/**
 * Log volume by level over the whole range, in at most maxBuckets buckets aligned to the width
 * (every bucket present, zeros included), so a chart of it needs no filling and its sum is the count.
 */
export async function logVolume(ctx: VerbContext, slug: string, body: unknown): Promise<LogVolume> {
  const project = await requireProject(ctx, slug);
  const parsed = LogVolumeBody.safeParse(body);
  if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error));
  const from = timestampToEpochMs(parsed.data.range.from);
  const to = timestampToEpochMs(parsed.data.range.to);
  if (from === null) throw new ApiError(400, 'range.from: not an ISO 8601 timestamp');
  if (to === null) throw new ApiError(400, 'range.to: not an ISO 8601 timestamp');
  if (to < from) throw new ApiError(400, 'range: from must not be after to');
  if (to - from > LOG_VOLUME_LIMITS.maxRangeDays * 86_400_000) {
    throw new ApiError(400, `range: at most ${LOG_VOLUME_LIMITS.maxRangeDays} days`);
  }
  const width = bucketWidthMs(to - from);
  const projectId = Number(project.id);
  const filters = compileFilters(projectId, parsed.data);
  const rows = await runLogQuery(ctx, projectId, {
    name: 'logs.volume',
    sql: `SELECT intDiv(toUnixTimestamp64Milli(timestamp), {width:UInt64}) * {width:UInt64} AS bucket,
        level, count() AS n
      FROM ${LOGS_TABLE} WHERE ${filters.where} GROUP BY bucket, level`,
    params: { ...filters.params, width },
    rows: LOG_VOLUME_LIMITS.maxBuckets * LEVELS.length + LEVELS.length,
    schema: Count,
  });
  const first = Math.floor(from / width) * width;
  const buckets = new Map<number, Record<string, bigint>>();
  for (let start = first; start <= to; start += width) buckets.set(start, {});
  let total = 0n;
  for (const row of rows) {
    const bucket = buckets.get(row.bucket);
    if (!bucket) continue;
    bucket[row.level] = (bucket[row.level] ?? 0n) + row.n;
    total += row.n;
  }
  return {
    bucketSeconds: width / 1_000,
    buckets: [...buckets].map(([start, counts]) => ({
      start: new Date(start).toISOString(),
      ...levelCounts(counts),
    })),
    total: String(total),
  };
}

/** Every level, as decimal strings (counts are strings across the API). */
export function levelCounts(counts: Record<string, bigint>): LevelCounts {
  return {
    debug: String(counts.debug ?? 0n),
    info: String(counts.info ?? 0n),
    warn: String(counts.warn ?? 0n),
    error: String(counts.error ?? 0n),
  };
}
