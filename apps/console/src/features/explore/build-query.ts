import type { Bucket, ExploreState, QueryDocument } from './model';

const PRESETS: Record<string, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
export const PRESET_NAMES = Object.keys(PRESETS);

/** The absolute range of a state at `now`: a preset ends now, a custom range is taken as given. */
export function resolveRange(state: ExploreState, now: Date): { from: string; to: string } {
  const span = PRESETS[state.range];
  if (span === undefined) return { from: state.from ?? now.toISOString(), to: state.to ?? now.toISOString() };
  return { from: new Date(now.getTime() - span).toISOString(), to: now.toISOString() };
}

export const BUCKET_ALIAS = 'time';

/** The builder's state as the query language's JSON document (docs/query-language.md). */
export function toDocument(state: ExploreState, now: Date): QueryDocument {
  const document: QueryDocument = {
    range: resolveRange(state, now),
    select: [
      ...state.groupBy.map((field) => ({ field })),
      ...state.aggregates.map(({ aggregate, field, as }) =>
        field ? { aggregate, field, as } : { aggregate, as },
      ),
    ],
    limit: state.limit,
  };
  const groupBy = [
    ...(state.bucket === 'none' ? [] : [{ bucket: state.bucket, as: BUCKET_ALIAS }]),
    ...state.groupBy,
  ];
  if (groupBy.length > 0) document.groupBy = groupBy;
  if (state.filters.length > 0) document.where = { and: state.filters };
  if (state.having.length > 0) document.having = { and: state.having };
  if (state.order) document.orderBy = [state.order];
  else if (state.bucket !== 'none') document.orderBy = [{ field: BUCKET_ALIAS, direction: 'asc' }];
  return document;
}

/** The start of the UTC bucket holding `ms` (weeks start on Monday, as the engine's do). */
export function bucketStart(ms: number, bucket: Exclude<Bucket, 'none'>): number {
  const date = new Date(ms);
  switch (bucket) {
    case 'minute':
      return ms - (ms % 60_000);
    case 'hour':
      return ms - (ms % 3_600_000);
    case 'day':
      return ms - (ms % 86_400_000);
    case 'week': {
      const day = ms - (ms % 86_400_000);
      return day - ((date.getUTCDay() + 6) % 7) * 86_400_000;
    }
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
}

function nextBucket(ms: number, bucket: Exclude<Bucket, 'none'>): number {
  if (bucket === 'month') {
    const date = new Date(ms);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  const step = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 }[bucket];
  return ms + step;
}

export interface Series {
  /** Bucket starts in seconds (uPlot's x). */
  x: number[];
  series: Array<{ label: string; values: number[] }>;
}

/** At most this many buckets are drawn; a wider range asks for a coarser bucket. */
export const MAX_BUCKETS = 20_000;

/**
 * Time-bucketed rows as one line per aggregate (and per group), every bucket of the range present:
 * a bucket without rows is 0, not a gap that a line would silently bridge.
 */
export function fillBuckets(
  rows: Array<Record<string, unknown>>,
  state: ExploreState,
  range: { from: string; to: string },
): Series {
  if (state.bucket === 'none') return { x: [], series: [] };
  const bucket = state.bucket;
  const x: number[] = [];
  const end = Date.parse(range.to);
  for (let at = bucketStart(Date.parse(range.from), bucket); at <= end && x.length < MAX_BUCKETS; ) {
    x.push(at);
    at = nextBucket(at, bucket);
  }
  const index = new Map(x.map((at, position) => [at, position]));
  const lines = new Map<string, number[]>();
  for (const row of rows) {
    const position = index.get(Date.parse(String(row[BUCKET_ALIAS])));
    if (position === undefined) continue;
    const group = state.groupBy.map((field) => String(row[field])).join(' · ');
    for (const { as } of state.aggregates) {
      const label = group ? `${as} (${group})` : as;
      let values = lines.get(label);
      if (!values) {
        values = new Array<number>(x.length).fill(0);
        lines.set(label, values);
      }
      values[position] = Number(row[as] ?? 0);
    }
  }
  if (lines.size === 0)
    for (const { as } of state.aggregates) lines.set(as, new Array<number>(x.length).fill(0));
  return {
    x: x.map((at) => at / 1000),
    series: [...lines].map(([label, values]) => ({ label, values })),
  };
}

/** Rows as CSV (RFC 4180 quoting), columns in output order. */
export function toCsv(rows: Array<Record<string, unknown>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join(
    '\n',
  );
}

/** The same query as a curl command, with a PAT placeholder (the console's cookie is not for scripts). */
export function curlFor(document: QueryDocument, origin: string, project: string, id: number): string {
  const body = JSON.stringify(document).replaceAll("'", "'\\''");
  return [
    `curl -X POST '${origin}/api/datasets/${project}/${id}/query'`,
    `  -H "Authorization: Bearer $QUARRY_PAT"`,
    `  -H 'Content-Type: application/json'`,
    `  -d '${body}'`,
  ].join(' \\\n');
}
