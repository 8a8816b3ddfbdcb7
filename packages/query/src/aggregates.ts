import type { FieldType } from '@quarry/schema';

/** What an aggregate is given to render: its column (absent for a bare count) and a bound p, if any. */
interface AggregateInput {
  column?: string;
  level?: string;
}

interface AggregateSpec {
  /** Field types it reads; `undefined` means any type. */
  accepts?: readonly FieldType[];
  field: 'required' | 'optional';
  /** `argument`: the level comes from `args.p` (percentile); a number is fixed (p50…p99); none takes no args. */
  level?: number | 'argument';
  /** min/max keep the field's type; the rest are numbers (count and uniq are UInt64, quoted on the wire). */
  keepsFieldType?: boolean;
  sql: (input: AggregateInput) => string;
}

const NUMBER: readonly FieldType[] = ['number'];
const ORDERED: readonly FieldType[] = ['number', 'timestamp'];

const call = (fn: string) => (input: AggregateInput) => `${fn}(${input.column ?? ''})`;
const quantile = (level: number | 'argument'): AggregateSpec => ({
  accepts: NUMBER,
  field: 'required',
  level,
  // `quantile` is ClickHouse's sampling estimator (exact below 8192 rows per group): bounded memory.
  sql: (input) => `quantile(${input.level})(${input.column})`,
});

export const AGGREGATES = {
  count: { field: 'optional', sql: call('count') },
  sum: { accepts: NUMBER, field: 'required', sql: call('sum') },
  avg: { accepts: NUMBER, field: 'required', sql: call('avg') },
  // The OrNull forms: over no rows the answer is null, not the type's default (0, 1970-01-01).
  min: { accepts: ORDERED, field: 'required', keepsFieldType: true, sql: call('minOrNull') },
  max: { accepts: ORDERED, field: 'required', keepsFieldType: true, sql: call('maxOrNull') },
  // Exact distinct count: users compare it with other tools; max_memory_usage bounds the cost.
  uniq: { field: 'required', sql: call('uniqExact') },
  p50: quantile(0.5),
  p90: quantile(0.9),
  p95: quantile(0.95),
  p99: quantile(0.99),
  percentile: quantile('argument'),
} as const satisfies Record<string, AggregateSpec>;

export type AggregateName = keyof typeof AGGREGATES;
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as [AggregateName, ...AggregateName[]];

export function aggregateSpec(name: AggregateName): AggregateSpec {
  return AGGREGATES[name];
}
