import type { AggregateName } from './aggregates.ts';
import type { OperatorName } from './operators.ts';

/** A parsed, shape-checked query. Field names are not yet checked against a dataset schema. */
export interface Query {
  /** Canonical ISO timestamps (`…T…Z`), both inclusive, from ≤ to; or a span before the server's now. */
  range: AbsoluteRange | RelativeRange;
  select: SelectItem[];
  where?: Condition;
  groupBy: GroupItem[];
  having?: Condition;
  orderBy: OrderItem[];
  limit: number;
  /** Rows to skip: from `offset` or decoded from `cursor`. */
  offset: number;
  /** Also compute the aggregates once over every row the range and where select. */
  totals?: boolean;
}

export interface AbsoluteRange {
  from: string;
  to: string;
}
export interface RelativeRange {
  /** A duration text such as `24h`, resolved against `CompileTarget.now`. */
  last: string;
}

export type SelectItem = FieldSelect | AggregateSelect;
export interface FieldSelect {
  field: string;
}
export interface AggregateSelect {
  aggregate: AggregateName;
  field?: string;
  as: string;
  args?: AggregateArgs;
  /** count and sum only: count or sum the rows where this holds (countIf, sumIf). */
  where?: Condition;
}
export interface AggregateArgs {
  p?: number;
  k?: number;
  bins?: number;
}

export type GroupItem = string | BucketGroup;
export interface BucketGroup {
  /** A named unit (BUCKET_NAMES), or a width such as `15m` or `6h`. */
  bucket: string;
  /** Defaults to the record's `timestamp`. */
  field?: string;
  as: string;
  /** IANA zone for day, week and month buckets; UTC when absent. */
  timeZone?: string;
  /** Emit every bucket of the range, empty ones with zero aggregates. */
  fill?: boolean;
}

export type OrderItem = FieldOrder | AggregateOrder;
export interface FieldOrder {
  field: string;
  direction: 'asc' | 'desc';
}
/** An aggregate computed for ordering only, selected or not. */
export interface AggregateOrder extends Omit<AggregateSelect, 'as'> {
  direction: 'asc' | 'desc';
}

export type Scalar = string | number | boolean;
export interface Comparison {
  field: string;
  op: OperatorName;
  value: Scalar | Scalar[];
}
export type Condition = { and: Condition[] } | { or: Condition[] } | { not: Condition } | Comparison;
