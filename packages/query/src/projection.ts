import type { DatasetSchema, FieldType } from '@quarry/schema';
import { aggregateSpec } from './aggregates.ts';
import { BUCKETS } from './buckets.ts';
import { MESSAGES, QueryError } from './messages.ts';
import type { AggregateSelect, BucketGroup, Query } from './model.ts';
import { checkAlias, fieldType, TIMESTAMP } from './scope.ts';
import { column, isoTimestampSql, type Params, quoteIdentifier } from './sql.ts';

/** One key of each result row: what SELECT computes and what ORDER BY sorts on. */
export interface OutputColumn {
  name: string;
  kind: 'field' | 'bucket' | 'aggregate';
  /** The type of the value before rendering; timestamps leave the engine as ISO strings. */
  type: FieldType;
  select: string;
  sortKey: string;
}

export interface Projection {
  columns: OutputColumn[];
  aggregating: boolean;
  /** GROUP BY expressions, in groupBy order, with the sort key each one has. */
  groups: { key: string; sortKey: string; field?: string }[];
}

/** Resolves select and groupBy against the schema, with SQL's rule that plain fields must be grouped. */
export function project(query: Query, schema: DatasetSchema, params: Params): Projection {
  const groups = query.groupBy.map((item) =>
    typeof item === 'string' ? groupByField(schema, item) : groupByBucket(schema, item),
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

function groupByField(schema: DatasetSchema, field: string) {
  fieldType(schema, field);
  return { key: column(field), sortKey: column(field), field, bucket: undefined };
}

function groupByBucket(schema: DatasetSchema, item: BucketGroup) {
  const field = item.field ?? TIMESTAMP;
  if (fieldType(schema, field) !== 'timestamp') throw new QueryError(MESSAGES.bucketFieldType(field));
  checkAlias(schema, item.as);
  const key = BUCKETS[item.bucket](column(field));
  const bucket: OutputColumn = {
    name: item.as,
    kind: 'bucket',
    type: 'timestamp',
    select: isoTimestampSql(key),
    sortKey: quoteIdentifier(item.as),
  };
  return { key, sortKey: bucket.sortKey, field: undefined, bucket };
}

function aggregateColumn(schema: DatasetSchema, item: AggregateSelect, params: Params): OutputColumn {
  const spec = aggregateSpec(item.aggregate);
  checkAlias(schema, item.as);
  if (item.field === undefined && spec.field === 'required') {
    throw new QueryError(MESSAGES.aggregateNeedsField(item.aggregate));
  }
  const type = item.field === undefined ? undefined : fieldType(schema, item.field);
  if (type && item.field && spec.accepts && !spec.accepts.includes(type)) {
    throw new QueryError(MESSAGES.aggregateFieldType(item.aggregate, spec.accepts, item.field));
  }
  const sql = spec.sql({
    ...(item.field === undefined ? {} : { column: column(item.field) }),
    ...levelOf(item, spec.level, params),
  });
  const resultType = spec.keepsFieldType && type ? type : 'number';
  const select = resultType === 'timestamp' ? isoTimestampSql(sql) : sql;
  return { name: item.as, kind: 'aggregate', type: resultType, select, sortKey: quoteIdentifier(item.as) };
}

function levelOf(item: AggregateSelect, level: number | 'argument' | undefined, params: Params) {
  if (level !== 'argument' && item.args !== undefined)
    throw new QueryError(MESSAGES.aggregateTakesNoArgs(item.aggregate));
  if (level === undefined) return {};
  if (level !== 'argument') return { level: String(level) };
  if (item.args === undefined) throw new QueryError(MESSAGES.percentileNeedsP);
  return { level: params.bind(item.args.p, 'Float64') };
}
