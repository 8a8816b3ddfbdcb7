import type { FieldValue, Schema } from './schema.ts';

// Types of the query language (docs/query-language.md), narrowed by a dataset's schema so a query
// names only declared fields and the rows it answers are typed from its select and groupBy.

type FieldsOf<S extends Schema> = S['fields'];
/** Declared fields and the record's `timestamp`: what a query may name. */
export type FieldName<S extends Schema> = (keyof FieldsOf<S> & string) | 'timestamp';
type FieldsOfType<S extends Schema, T> = {
  [K in keyof FieldsOf<S>]: FieldsOf<S>[K] extends T ? K : never;
}[keyof FieldsOf<S>] &
  string;
type NumberField<S extends Schema> = FieldsOfType<S, 'number'>;
type TimestampField<S extends Schema> = FieldsOfType<S, 'timestamp'> | 'timestamp';

type Quantile = 'p50' | 'p90' | 'p95' | 'p99';
export type AggregateName = 'count' | 'uniq' | 'sum' | 'avg' | 'min' | 'max' | Quantile | 'percentile';
export type BucketName = 'minute' | 'hour' | 'day' | 'week' | 'month';

export type SelectItem<S extends Schema> =
  // `never`s keep an aggregate from passing as a plain field (unions only check keys in aggregate).
  | { readonly field: FieldName<S>; readonly aggregate?: never; readonly as?: never }
  | { readonly aggregate: 'count'; readonly field?: FieldName<S>; readonly as: string }
  | { readonly aggregate: 'uniq'; readonly field: FieldName<S>; readonly as: string }
  | { readonly aggregate: 'sum' | 'avg' | Quantile; readonly field: NumberField<S>; readonly as: string }
  | {
      readonly aggregate: 'percentile';
      readonly field: NumberField<S>;
      readonly as: string;
      readonly args: { readonly p: number };
    }
  | {
      readonly aggregate: 'min' | 'max';
      readonly field: NumberField<S> | TimestampField<S>;
      readonly as: string;
    };

export type GroupItem<S extends Schema> =
  | FieldName<S>
  | { readonly bucket: BucketName; readonly as: string; readonly field?: TimestampField<S> };

/** A value as a query takes it: timestamps as ISO strings or Dates. */
type InputValue<S extends Schema, N> = N extends keyof FieldsOf<S>
  ? FieldValue<FieldsOf<S>[N]>
  : string | Date;
type ScalarOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'startsWith';
type Comparison<S extends Schema> = {
  [N in FieldName<S>]:
    | { readonly field: N; readonly op: ScalarOp; readonly value: InputValue<S, N> }
    | { readonly field: N; readonly op: 'in' | 'notIn'; readonly value: readonly InputValue<S, N>[] };
}[FieldName<S>];

type Tree<Leaf> =
  | { readonly and: readonly Tree<Leaf>[] }
  | { readonly or: readonly Tree<Leaf>[] }
  | { readonly not: Tree<Leaf> }
  | Leaf;
export type Condition<S extends Schema> = Tree<Comparison<S>>;
/** `having` compares numeric aggregate aliases with numbers. */
export type HavingCondition = Tree<{
  readonly field: string;
  readonly op: Exclude<ScalarOp, 'contains' | 'startsWith'> | 'in' | 'notIn';
  readonly value: number | readonly number[];
}>;

export interface Query<S extends Schema> {
  /** Both ends inclusive, on the record's `timestamp`. */
  readonly range: { readonly from: string | Date; readonly to: string | Date };
  readonly select: readonly SelectItem<S>[];
  readonly where?: Condition<S>;
  readonly groupBy?: readonly GroupItem<S>[];
  readonly having?: HavingCondition;
  readonly orderBy?: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
  readonly limit?: number;
  readonly offset?: number;
  readonly cursor?: string;
}

/** A value as a result row carries it: timestamps come back as `2026-06-10T08:15:30.250Z` text. */
type OutputValue<S extends Schema, N> = N extends keyof FieldsOf<S>
  ? FieldsOf<S>[N] extends 'timestamp'
    ? string
    : FieldValue<FieldsOf<S>[N]>
  : string;

type ItemName<I> = I extends { readonly as: infer A extends string }
  ? A
  : I extends { readonly field: infer N extends string }
    ? N
    : never;
// Counts are UInt64 and arrive as strings; an average or quantile of no rows is null.
type ItemValue<S extends Schema, I> = I extends { readonly aggregate: 'count' | 'uniq' }
  ? string
  : I extends { readonly aggregate: 'min' | 'max'; readonly field: infer N }
    ? OutputValue<S, N>
    : I extends { readonly aggregate: 'avg' | Quantile | 'percentile' }
      ? number | null
      : I extends { readonly aggregate: 'sum' }
        ? number
        : I extends { readonly field: infer N }
          ? OutputValue<S, N>
          : never;
type BucketAlias<G> = G extends { readonly bucket: string; readonly as: infer A extends string } ? A : never;
type ElementOf<T> = T extends readonly (infer E)[] ? E : never;
type Simplify<T> = { [K in keyof T]: T[K] };

/** The row a query answers: buckets (as ISO text) first, then each select item under its name. */
export type RowOf<S extends Schema, Q extends Query<S>> = Simplify<
  { [A in BucketAlias<ElementOf<Q['groupBy']>>]: string } & {
    [I in ElementOf<Q['select']> as ItemName<I>]: ItemValue<S, I>;
  }
>;

export interface QueryResult<Row> {
  rows: Row[];
  dataset: { id: number; name: string; slug: string };
  /** Present only when more rows matched than `limit`. */
  truncated?: true;
  /** Present while a next page is reachable: send it back as `cursor` with the same query. */
  nextCursor?: string;
}
