import type { AggregateName } from './aggregates.ts';
import type { BucketName } from './buckets.ts';
import type { OperatorName } from './operators.ts';

/** A parsed, shape-checked query. Field names are not yet checked against a dataset schema. */
export interface Query {
  /** Canonical ISO timestamps (`…T…Z`), both inclusive, from ≤ to. */
  range: { from: string; to: string };
  select: SelectItem[];
  where?: Condition;
  groupBy: GroupItem[];
  having?: Condition;
  orderBy: OrderItem[];
  limit: number;
  /** Rows to skip: from `offset` or decoded from `cursor`. */
  offset: number;
}

export type SelectItem = FieldSelect | AggregateSelect;
export interface FieldSelect {
  field: string;
}
export interface AggregateSelect {
  aggregate: AggregateName;
  field?: string;
  as: string;
  args?: { p: number };
}

export type GroupItem = string | BucketGroup;
export interface BucketGroup {
  bucket: BucketName;
  /** Defaults to the record's `timestamp`. */
  field?: string;
  as: string;
}

export interface OrderItem {
  field: string;
  direction: 'asc' | 'desc';
}

export type Scalar = string | number | boolean;
export interface Comparison {
  field: string;
  op: OperatorName;
  value: Scalar | Scalar[];
}
export type Condition = { and: Condition[] } | { or: Condition[] } | { not: Condition } | Comparison;
