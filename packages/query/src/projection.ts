import type { DatasetSchema, FieldType } from '@quarry/schema';
import { aggregateSpec, argumentKey } from './aggregates.ts';
import { groupByBucket } from './bucketing.ts';
import { columnOperand, conditionSql } from './filters.ts';
import { MESSAGES, QueryError } from './messages.ts';
import type { AggregateSelect, Query } from './model.ts';
import { checkAlias, fieldType } from './scope.ts';
import { column, isoTimestampSql, type Params, quoteIdentifier } from './sql.ts';

/** One key of each result row: what SELECT computes and what ORDER BY sorts on. */
export interface OutputColumn {
  name: string;
  kind: 'field' | 'bucket' | 'aggregate';
  /** The type of the value before rendering; timestamps leave the engine as ISO strings. */
  type: FieldType | 'list';
  select: string;
  sortKey: string;
}

export interface Projection {
  columns: OutputColumn[];
  aggregating: boolean;
  /** GROUP BY expressions, in groupBy order, with the sort key each one has. */
  groups: Group[];
}

export interface Group {
  key: string;
  sortKey: string;
  field?: string;
  bucket?: OutputColumn;
  /** For a bucket asked to fill: what WITH FILL needs. */
  fill?: Fill;
}

/** A filled bucket: its raw key in the zone's DateTime64, the first bucket of the range, the step. */
export interface Fill {
  alias: string;
  key: string;
  from: string;
  step: string;
}

/** The resolved range: its length, and its ends as parameters, bound when first asked for. */
export interface RangeParams {
  spanMs: number;
  bound: () => { from: string; to: string };
}

/** Resolves select and groupBy against the schema, with SQL's rule that plain fields must be grouped. */
export function project(query: Query, schema: DatasetSchema, params: Params, range: RangeParams): Projection {
  const groups = query.groupBy.map(
    (item, index): Group =>
      typeof item === 'string'
        ? groupByField(schema, item)
        : groupByBucket(schema, item, { params, range, path: `groupBy.${index}` }),
  );
  const buckets = groups.flatMap((group) => (group.bucket ? [group.bucket] : []));
  const aggregating = groups.length > 0 || query.select.some((item) => 'aggregate' in item);
  const grouped = new Set(groups.map((group) => group.field));
  const selected = query.select.map((item): OutputColumn => {
    if ('aggregate' in item) return aggregateColumn(schema, item, params);
    const type = fieldType(schema, item.field);
    if (aggregating && !grouped.has(item.field)) throw new QueryError(MESSAGES.fieldNotGrouped(item.field));
    const sql = column(item.field);
    return {
      name: item.field,
      kind: 'field',
      type,
      select: type === 'timestamp' ? isoTimestampSql(sql) : sql,
      sortKey: sql,
    };
  });
  const columns = [...buckets, ...selected];
  const names = new Set<string>();
  for (const { name } of columns) {
    if (names.has(name)) throw new QueryError(MESSAGES.duplicateOutput(name));
    names.add(name);
  }
  return { columns, aggregating, groups };
}

function groupByField(schema: DatasetSchema, field: string): Group {
  fieldType(schema, field);
  return { key: column(field), sortKey: column(field), field };
}

function aggregateColumn(schema: DatasetSchema, item: AggregateSelect, params: Params): OutputColumn {
  checkAlias(schema, item.as);
  const { sql, type } = aggregateSql(schema, item, params);
  const select = type === 'timestamp' ? isoTimestampSql(sql) : sql;
  return { name: item.as, kind: 'aggregate', type, select, sortKey: quoteIdentifier(item.as) };
}

/** An aggregate's SQL and result type, checked against the schema; for select and for orderBy. */
export function aggregateSql(
  schema: DatasetSchema,
  item: Omit<AggregateSelect, 'as'>,
  params: Params,
): { sql: string; type: FieldType | 'list' } {
  const spec = aggregateSpec(item.aggregate);
  if (item.field === undefined && spec.field === 'required') {
    throw new QueryError(MESSAGES.aggregateNeedsField(item.aggregate));
  }
  const type = item.field === undefined ? undefined : fieldType(schema, item.field);
  if (type && item.field && spec.accepts && !spec.accepts.includes(type)) {
    throw new QueryError(MESSAGES.aggregateFieldType(item.aggregate, spec.accepts, item.field));
  }
  if (item.where && !spec.conditional) throw new QueryError(MESSAGES.aggregateNotConditional(item.aggregate));
  const sql = spec.sql({
    ...(item.field === undefined ? {} : { column: column(item.field) }),
    ...argumentsOf(item, params),
    ...(item.where ? { condition: conditionSql(item.where, columnOperand(schema), params) } : {}),
  });
  if (spec.list) return { sql, type: 'list' };
  return { sql, type: spec.keepsFieldType && type ? type : 'number' };
}

/** The bound level (percentile) or size (topk, histogram); p50…p99 have theirs written in. */
function argumentsOf(item: Omit<AggregateSelect, 'as'>, params: Params) {
  const spec = aggregateSpec(item.aggregate);
  const key = argumentKey(spec);
  const given = Object.keys(item.args ?? {}).filter(
    (name) => item.args?.[name as keyof typeof item.args] !== undefined,
  );
  const stray = given.find((name) => name !== key);
  if (stray !== undefined)
    throw new QueryError(
      key ? MESSAGES.aggregateTakesOnly(item.aggregate, key) : MESSAGES.aggregateTakesNoArgs(item.aggregate),
    );
  if (typeof spec.level === 'number') return { level: String(spec.level) };
  if (spec.level === 'argument') {
    if (item.args?.p === undefined) throw new QueryError(MESSAGES.percentileNeedsP);
    return { level: params.bind(item.args.p, 'Float64') };
  }
  if (!spec.size) return {};
  const size = item.args?.[spec.size.key];
  if (size === undefined)
    throw new QueryError(MESSAGES.aggregateNeedsArg(item.aggregate, spec.size.key, spec.size.max));
  return { size: params.bind(size, 'UInt16') };
}
