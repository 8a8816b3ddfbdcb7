import type { DatasetSchema } from '@quarry/schema';
import { conditionSql, type Operand } from './filters.ts';
import { MESSAGES, QueryError, type Refusal, refuseOnQueryError, shown } from './messages.ts';
import type { Query } from './model.ts';
import { type Projection, project } from './projection.ts';
import { CONTEXT, fieldType, TIMESTAMP } from './scope.ts';
import { guardSettings, type QuerySettings } from './settings.ts';
import { CLICKHOUSE_TYPES, column, fromClause, Params, type ParamValue, quoteIdentifier } from './sql.ts';
import { parseTimestamp, toParamTimestamp } from './timestamps.ts';

/** Where a query runs: the dataset's own table and registered schema, both from the catalog. */
export interface CompileTarget {
  table: string;
  schema: DatasetSchema;
  datasetId: number;
}

export interface CompiledQuery {
  sql: string;
  params: Record<string, ParamValue>;
  settings: QuerySettings;
  /** Rows to return; the SQL fetches one more so `shapeResult` can tell a cut result. */
  limit: number;
  offset: number;
}

/** Checks a parsed query against the dataset schema and renders it as parameterised ClickHouse SQL. */
export function compile(
  query: Query,
  target: CompileTarget,
): { ok: true; compiled: CompiledQuery } | Refusal {
  return refuseOnQueryError(() => ({ ok: true as const, compiled: render(query, target) }));
}

function render(query: Query, { table, schema, datasetId }: CompileTarget): CompiledQuery {
  const params = new Params();
  const projection = project(query, schema, params);
  const where = [rangeSql(query.range, params)];
  const whereOperand = (name: string): Operand => ({
    name,
    type: fieldType(schema, name),
    sql: column(name),
  });
  if (query.where) where.push(conditionSql(query.where, whereOperand, params));
  const having = query.having && conditionSql(query.having, havingOperand(projection), params);
  const orderBy = orderBySql(query, projection);
  const fetchRows = query.limit + 1;
  const lines = [
    `SELECT\n${projection.columns.map((c) => `  ${c.select} AS ${quoteIdentifier(c.name)}`).join(',\n')}`,
    `FROM ${fromClause(table)}`,
    `WHERE ${where.join(' AND ')}`,
    projection.groups.length > 0 ? `GROUP BY ${projection.groups.map((group) => group.key).join(', ')}` : '',
    having ? `HAVING ${having}` : '',
    orderBy.length > 0 ? `ORDER BY ${orderBy.join(', ')}` : '',
    `LIMIT ${params.bind(fetchRows, 'UInt32')} OFFSET ${params.bind(query.offset, 'UInt32')}`,
  ];
  return {
    sql: lines.filter(Boolean).join('\n'),
    params: params.values,
    settings: guardSettings(fetchRows, datasetId),
    limit: query.limit,
    offset: query.offset,
  };
}

function rangeSql(range: Query['range'], params: Params): string {
  const bound = (iso: string, path: string) => {
    const epoch = parseTimestamp(iso);
    if (epoch === undefined) throw new QueryError(MESSAGES.invalidTimestamp(path));
    return params.bind(toParamTimestamp(epoch), CLICKHOUSE_TYPES.timestamp);
  };
  return `${column(TIMESTAMP)} >= ${bound(range.from, 'range.from')} AND ${column(TIMESTAMP)} <= ${bound(range.to, 'range.to')}`;
}

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
function orderBySql(query: Query, projection: Projection): string[] {
  const keys = query.orderBy.map((item) => ({
    key: sortKeyOf(item.field, projection),
    direction: item.direction,
  }));
  const tieBreakers = projection.aggregating
    ? projection.groups.map((group) => ({ key: group.sortKey, direction: 'asc' as const }))
    : [{ key: column(TIMESTAMP), direction: 'desc' as const }];
  for (const tie of tieBreakers) if (!keys.some((existing) => existing.key === tie.key)) keys.push(tie);
  return keys.map(({ key, direction }) => `${key} ${direction.toUpperCase()}`);
}

function sortKeyOf(name: string, projection: Projection): string {
  const output = projection.columns.find((candidate) => candidate.name === name);
  if (output) return output.sortKey;
  const group = projection.groups.find((candidate) => candidate.field === name);
  if (group) return group.sortKey;
  if (name === CONTEXT) throw new QueryError(MESSAGES.contextNotQueryable);
  throw new QueryError(MESSAGES.unknownFieldOrAlias(shown(name)));
}
