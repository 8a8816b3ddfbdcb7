import type { DatasetSchema } from '@quarry/schema';
import { renderFilled } from './fill.ts';
import { columnOperand, conditionSql, type Operand } from './filters.ts';
import { MESSAGES, QueryError, type Refusal, refuseOnQueryError, shown } from './messages.ts';
import type { Query } from './model.ts';
import { aggregateSql, type Projection, project } from './projection.ts';
import { resolveRange } from './range.ts';
import { CONTEXT, TIMESTAMP } from './scope.ts';
import { guardSettings, type QuerySettings } from './settings.ts';
import { column, fromClause, Params, type ParamValue, quoteIdentifier } from './sql.ts';

/** Where a query runs: the dataset's own table and registered schema, both from the catalog. */
export interface CompileTarget {
  table: string;
  schema: DatasetSchema;
  datasetId: number;
  /** The server's clock (epoch ms), which a relative range (`{ "last": "24h" }`) ends at. */
  now?: number;
}

export interface CompiledQuery extends Statement {
  /** Rows to return; the SQL fetches one more so `shapeResult` can tell a cut result. */
  limit: number;
  offset: number;
  /** When `totals` was asked for: one row of the aggregates over everything range and where select. */
  totals?: Statement;
}

export interface Statement {
  sql: string;
  params: Record<string, ParamValue>;
  settings: QuerySettings;
}

/** Checks a parsed query against the dataset schema and renders it as parameterised ClickHouse SQL. */
export function compile(
  query: Query,
  target: CompileTarget,
): { ok: true; compiled: CompiledQuery } | Refusal {
  return refuseOnQueryError(() => {
    const compiled: CompiledQuery = render(query, target);
    if (query.totals) compiled.totals = render(totalsQuery(query), target);
    return { ok: true as const, compiled };
  });
}

/** The same range, where and aggregates with no groups, having or paging: the totals row. */
function totalsQuery(query: Query): Query {
  const select = query.select.filter((item) => 'aggregate' in item);
  if (select.length === 0) throw new QueryError(MESSAGES.totalsNeedAggregate);
  const { where, range } = query;
  return { range, ...(where ? { where } : {}), select, groupBy: [], orderBy: [], limit: 1, offset: 0 };
}

function render(query: Query, { table, schema, datasetId, now }: CompileTarget): CompiledQuery {
  const params = new Params();
  const range = resolveRange(query.range, now, params);
  const projection = project(query, schema, params, range);
  const { from, to } = range.bound();
  const where = [`${column(TIMESTAMP)} >= ${from} AND ${column(TIMESTAMP)} <= ${to}`];
  if (query.where) where.push(conditionSql(query.where, columnOperand(schema), params));
  const having = query.having && conditionSql(query.having, havingOperand(projection), params);
  const filled = projection.groups.find((group) => group.fill);
  const fetchRows = query.limit + 1;
  const grouped = [
    `FROM ${fromClause(table)}`,
    `WHERE ${where.join(' AND ')}`,
    projection.groups.length > 0 ? `GROUP BY ${projection.groups.map((group) => group.key).join(', ')}` : '',
    having ? `HAVING ${having}` : '',
  ];
  const page = () =>
    `LIMIT ${params.bind(fetchRows, 'UInt32')} OFFSET ${params.bind(query.offset, 'UInt32')}`;
  const sql = filled
    ? renderFilled({ query, projection, grouped, to, page })
    : [
        `SELECT\n${projection.columns.map((c) => `  ${c.select} AS ${quoteIdentifier(c.name)}`).join(',\n')}`,
        ...grouped,
        orderByLine(orderBySql(query, projection, schema, params)),
        page(),
      ];
  return {
    sql: sql.filter(Boolean).join('\n'),
    params: params.values,
    settings: guardSettings(fetchRows, datasetId),
    limit: query.limit,
    offset: query.offset,
  };
}

const orderByLine = (keys: string[]) => (keys.length > 0 ? `ORDER BY ${keys.join(', ')}` : '');

function havingOperand({ columns }: Projection) {
  return (name: string): Operand => {
    const output = columns.find((candidate) => candidate.name === name);
    if (!output) throw new QueryError(MESSAGES.unknownFieldOrAlias(shown(name)));
    if (output.kind !== 'aggregate') throw new QueryError(MESSAGES.havingNeedsAggregate(name));
    if (output.type !== 'number') throw new QueryError(MESSAGES.havingNeedsNumber(name));
    return { name, type: 'number', sql: output.sortKey };
  };
}

/** The requested order, then tie-breakers (group keys, or newest first) so offset pages are stable. */
function orderBySql(query: Query, projection: Projection, schema: DatasetSchema, params: Params): string[] {
  const keys = query.orderBy.map((item) => ({
    key:
      'aggregate' in item
        ? orderByAggregate(item, projection, schema, params)
        : sortKeyOf(item.field, projection),
    direction: item.direction,
  }));
  const tieBreakers = projection.aggregating
    ? projection.groups.map((group) => ({ key: group.sortKey, direction: 'asc' as const }))
    : [{ key: column(TIMESTAMP), direction: 'desc' as const }];
  for (const tie of tieBreakers) if (!keys.some((existing) => existing.key === tie.key)) keys.push(tie);
  return keys.map(({ key, direction }) => `${key} ${direction.toUpperCase()}`);
}

function orderByAggregate(
  item: Parameters<typeof aggregateSql>[1],
  projection: Projection,
  schema: DatasetSchema,
  params: Params,
): string {
  if (!projection.aggregating) throw new QueryError(MESSAGES.orderByAggregateNeedsGrouping);
  return aggregateSql(schema, item, params).sql;
}

function sortKeyOf(name: string, projection: Projection): string {
  const output = projection.columns.find((candidate) => candidate.name === name);
  if (output) return output.sortKey;
  const group = projection.groups.find((candidate) => candidate.field === name);
  if (group) return group.sortKey;
  if (name === CONTEXT) throw new QueryError(MESSAGES.contextNotQueryable);
  throw new QueryError(MESSAGES.unknownFieldOrAlias(shown(name)));
}
