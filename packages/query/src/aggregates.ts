import type { FieldType } from '@quarry/schema';
import { LIMITS } from './limits.ts';

/** What an aggregate is given to render: its column, a bound level or size, a rendered condition. */
interface AggregateInput {
  column?: string;
  level?: string;
  size?: string;
  condition?: string;
}

interface AggregateSpec {
  /** Field types it reads; `undefined` means any type. */
  accepts?: readonly FieldType[];
  field: 'required' | 'optional';
  /** `argument`: the level comes from `args.p` (percentile); a number is fixed (p50…p99); none takes no args. */
  level?: number | 'argument';
  /** The args key that sizes a list result (topk's k, histogram's bins), 1 to `max`. */
  size?: { key: 'k' | 'bins'; max: number };
  /** min/max keep the field's type; the rest are numbers (count and uniq are UInt64, quoted on the wire). */
  keepsFieldType?: boolean;
  /** The result is a JSON array (topk, histogram): not comparable in having. */
  list?: boolean;
  /** Takes a `where` condition: counts or sums only the rows where it holds (the -If combinator). */
  conditional?: boolean;
  sql: (input: AggregateInput) => string;
}

const NUMBER: readonly FieldType[] = ['number'];
const ORDERED: readonly FieldType[] = ['number', 'timestamp'];
// Timestamps would come back in the engine's own text form inside an array: left out rather than reformatted.
const DISCRETE: readonly FieldType[] = ['string', 'number', 'boolean'];

const call = (fn: string) => (input: AggregateInput) => `${fn}(${input.column ?? ''})`;
const quantile = (level: number | 'argument'): AggregateSpec => ({
  accepts: NUMBER,
  field: 'required',
  level,
  // `quantile` is ClickHouse's sampling estimator (exact below 8192 rows per group): bounded memory.
  sql: (input) => `quantile(${input.level})(${input.column})`,
});

export const AGGREGATES = {
  count: {
    field: 'optional',
    conditional: true,
    sql: (input) => (input.condition ? `countIf(${input.condition})` : `count(${input.column ?? ''})`),
  },
  sum: {
    accepts: NUMBER,
    field: 'required',
    conditional: true,
    sql: (input) => (input.condition ? `sumIf(${input.column}, ${input.condition})` : `sum(${input.column})`),
  },
  avg: { accepts: NUMBER, field: 'required', sql: call('avg') },
  // The OrNull forms: over no rows the answer is null, not the type's default (0, 1970-01-01).
  min: { accepts: ORDERED, field: 'required', keepsFieldType: true, sql: call('minOrNull') },
  max: { accepts: ORDERED, field: 'required', keepsFieldType: true, sql: call('maxOrNull') },
  // Exact distinct count: users compare it with other tools; max_memory_usage bounds the cost.
  uniq: { field: 'required', sql: call('uniqExact') },
  // The sample standard deviation (n − 1), as spreadsheets' STDEV; null for fewer than two values.
  stddev: { accepts: NUMBER, field: 'required', sql: call('stddevSamp') },
  p50: quantile(0.5),
  p90: quantile(0.9),
  p95: quantile(0.95),
  p99: quantile(0.99),
  percentile: quantile('argument'),
  // The k most frequent values, most frequent first; ClickHouse's Filtered Space-Saving estimate.
  topk: {
    accepts: DISCRETE,
    field: 'required',
    size: { key: 'k', max: LIMITS.maxListSize },
    list: true,
    sql: (input) => `topK(${input.size})(${input.column})`,
  },
  // Adaptive bins (ClickHouse `histogram`), each as {lower, upper, count}; counts are estimates.
  histogram: {
    accepts: NUMBER,
    field: 'required',
    size: { key: 'bins', max: LIMITS.maxListSize },
    list: true,
    sql: (input) =>
      `arrayMap(__bin -> CAST(__bin, 'Tuple(lower Float64, upper Float64, count Float64)'), histogram(${input.size})(${input.column}))`,
  },
} as const satisfies Record<string, AggregateSpec>;

export type AggregateName = keyof typeof AGGREGATES;
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as [AggregateName, ...AggregateName[]];

export function aggregateSpec(name: AggregateName): AggregateSpec {
  return AGGREGATES[name];
}

/** The one args key an aggregate takes, if any. */
export function argumentKey(spec: AggregateSpec): 'p' | 'k' | 'bins' | undefined {
  return spec.level === 'argument' ? 'p' : spec.size?.key;
}
