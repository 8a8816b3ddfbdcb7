import type { DatasetSchema } from '@quarry/schema';
import { z } from 'zod';
import { parseCondition } from './conditions.ts';
import { conditionSql, type Operand } from './filters.ts';
import { firstIssue } from './issues.ts';
import { MESSAGES, QueryError, type Refusal, refuseOnQueryError } from './messages.ts';
import type { Condition } from './model.ts';
import { fieldType, TIMESTAMP } from './scope.ts';
import { CLICKHOUSE_TYPES, Params, type ParamValue, quoteIdentifier } from './sql.ts';
import { parseTimestamp, toIsoTimestamp, toParamTimestamp } from './timestamps.ts';

/** Which records a statement touches: a required time range (both ends inclusive) and the query's `where`. */
export interface RecordFilter {
  range: { from: string; to: string };
  where?: Condition;
}

export interface CompiledFilter {
  /** A boolean expression on the table's own column names, for statements without a table alias. */
  sql: string;
  params: Record<string, ParamValue>;
}

const FILTER_SHAPE = z.strictObject({
  range: z.strictObject({ from: z.string().max(64), to: z.string().max(64) }),
  where: z.unknown().optional(),
});

/** Checks `{range, where?}` against the language; the range is required, so a filter is never the whole table. */
export function parseRecordFilter(body: unknown): { ok: true; filter: RecordFilter } | Refusal {
  return refuseOnQueryError(() => {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new QueryError(MESSAGES.notAnObject);
    const parsed = FILTER_SHAPE.safeParse(body);
    if (!parsed.success) throw new QueryError(firstIssue(parsed.error));
    const from = parseTimestamp(parsed.data.range.from);
    const to = parseTimestamp(parsed.data.range.to);
    if (from === undefined) throw new QueryError(MESSAGES.invalidTimestamp('range.from'));
    if (to === undefined) throw new QueryError(MESSAGES.invalidTimestamp('range.to'));
    if (from > to) throw new QueryError(MESSAGES.rangeOrder);
    const range = { from: toIsoTimestamp(from), to: toIsoTimestamp(to) };
    const where = parsed.data.where;
    return {
      ok: true as const,
      filter: where === undefined ? { range } : { range, where: parseCondition(where, 'where') },
    };
  });
}

/** Renders a filter for a dataset's table: names checked against its schema, every value a parameter. */
export function compileRecordFilter(
  filter: RecordFilter,
  schema: DatasetSchema,
): { ok: true; compiled: CompiledFilter } | Refusal {
  return refuseOnQueryError(() => {
    const params = new Params();
    const time = quoteIdentifier(TIMESTAMP);
    const bound = (iso: string, path: string) => {
      const epoch = parseTimestamp(iso);
      if (epoch === undefined) throw new QueryError(MESSAGES.invalidTimestamp(path));
      return params.bind(toParamTimestamp(epoch), CLICKHOUSE_TYPES.timestamp);
    };
    const { from, to } = filter.range;
    const parts = [`${time} >= ${bound(from, 'range.from')}`, `${time} <= ${bound(to, 'range.to')}`];
    const operand = (name: string): Operand => ({
      name,
      type: fieldType(schema, name),
      sql: quoteIdentifier(name),
    });
    if (filter.where) parts.push(conditionSql(filter.where, operand, params));
    return { ok: true as const, compiled: { sql: parts.join(' AND '), params: params.values } };
  });
}
