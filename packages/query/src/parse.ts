import { z } from 'zod';
import { AGGREGATES, type AggregateName } from './aggregates.ts';
import { BUCKETS, isTimeZone, parseWidth } from './buckets.ts';
import { parseCondition } from './conditions.ts';
import { decodeCursor } from './cursor.ts';
import { parseSpan } from './durations.ts';
import { firstIssue } from './issues.ts';
import { IDENTIFIER, LIMITS } from './limits.ts';
import { MESSAGES, QueryError, type Refusal, refuseOnQueryError, shown } from './messages.ts';
import type { AggregateSelect, GroupItem, OrderItem, Query, SelectItem } from './model.ts';
import { parseTimestamp, toIsoTimestamp } from './timestamps.ts';

export const NAME = z.string().min(1).max(LIMITS.maxName);
const ARGS = z.strictObject({
  p: z.number().min(0).max(1).optional(),
  k: z.int().min(1).max(LIMITS.maxListSize).optional(),
  bins: z.int().min(1).max(LIMITS.maxListSize).optional(),
});
const AGGREGATE_ITEM = {
  aggregate: NAME,
  field: NAME.optional(),
  args: ARGS.optional(),
  where: z.unknown().optional(),
};
const DIRECTION = z.enum(['asc', 'desc']);

// Shapes only: strict objects refuse any key not listed. Names are checked below, fields at compile time.
export const QUERY_SHAPE = z.strictObject({
  // An object here; which of RANGE_SHAPES applies is decided by the key it carries, as for conditions.
  range: z.looseObject({}),
  select: z
    .array(z.strictObject({ ...AGGREGATE_ITEM, aggregate: NAME.optional(), as: NAME.optional() }))
    .min(1)
    .max(LIMITS.maxSelect),
  where: z.unknown().optional(),
  groupBy: z
    .array(
      z.union([
        NAME,
        z.strictObject({
          bucket: NAME,
          field: NAME.optional(),
          as: NAME,
          timeZone: z.string().max(64).optional(),
          fill: z.boolean().optional(),
        }),
      ]),
    )
    .max(LIMITS.maxGroupBy)
    .default([]),
  having: z.unknown().optional(),
  orderBy: z
    .array(
      z.union([
        z.strictObject({ field: NAME, direction: DIRECTION }),
        z.strictObject({ ...AGGREGATE_ITEM, direction: DIRECTION }),
      ]),
    )
    .max(LIMITS.maxOrderBy)
    .default([]),
  limit: z.int().min(1).max(LIMITS.maxLimit).default(LIMITS.defaultLimit),
  offset: z.int().min(0).max(LIMITS.maxOffset).optional(),
  cursor: z.string().max(LIMITS.maxCursor).optional(),
  totals: z.boolean().optional(),
});
type QueryShape = z.infer<typeof QUERY_SHAPE>;

const RANGE_SHAPES = {
  absolute: z.strictObject({ from: z.string().max(64), to: z.string().max(64) }),
  relative: z.strictObject({ last: z.string().max(16) }),
};
type AggregateShape = Omit<QueryShape['select'][number], 'aggregate'> & { aggregate: string };

/** Checks a request body against the language (not against a schema: `compile` does that). */
export function parseQuery(body: unknown): { ok: true; query: Query } | Refusal {
  return refuseOnQueryError(() => ({ ok: true as const, query: toQuery(body) }));
}

function toQuery(body: unknown): Query {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new QueryError(MESSAGES.notAnObject);
  const parsed = QUERY_SHAPE.safeParse(body);
  if (!parsed.success) throw new QueryError(firstIssue(parsed.error));
  const shape = parsed.data;
  return {
    // The body's own range object: a parsed copy would have turned a `__proto__` key into a prototype.
    range: toRange((body as { range: object }).range),
    select: shape.select.map(toSelectItem),
    ...(shape.where === undefined ? {} : { where: parseCondition(shape.where, 'where') }),
    groupBy: shape.groupBy.map(toGroupItem),
    ...(shape.having === undefined ? {} : { having: parseCondition(shape.having, 'having') }),
    orderBy: shape.orderBy.map(toOrderItem),
    limit: shape.limit,
    offset: toOffset(shape),
    ...(shape.totals ? { totals: true } : {}),
  };
}

function toRange(input: object): Query['range'] {
  const shape = Object.hasOwn(input, 'last') ? RANGE_SHAPES.relative : RANGE_SHAPES.absolute;
  const parsed = shape.safeParse(input);
  if (!parsed.success) throw new QueryError(firstIssue(parsed.error, ['range']));
  const range = parsed.data;
  if ('last' in range) {
    if (!parseSpan(range.last)) throw new QueryError(MESSAGES.invalidDuration('range.last', '24h'));
    return { last: range.last };
  }
  const from = parseTimestamp(range.from);
  const to = parseTimestamp(range.to);
  if (from === undefined) throw new QueryError(MESSAGES.invalidTimestamp('range.from'));
  if (to === undefined) throw new QueryError(MESSAGES.invalidTimestamp('range.to'));
  if (from > to) throw new QueryError(MESSAGES.rangeOrder);
  return { from: toIsoTimestamp(from), to: toIsoTimestamp(to) };
}

function toSelectItem(item: QueryShape['select'][number], index: number): SelectItem {
  if (item.aggregate === undefined) {
    const stray = (['as', 'args', 'where'] as const).find((key) => item[key] !== undefined);
    if (stray) throw new QueryError(MESSAGES.unknownKey(`select.${index}.${stray}`));
    if (item.field === undefined)
      throw new QueryError(MESSAGES.invalidAt(`select.${index}`, 'needs field or aggregate'));
    return { field: item.field };
  }
  return {
    ...toAggregate({ ...item, aggregate: item.aggregate }, `select.${index}`),
    as: toAlias(item.as, `select.${index}.as`),
  };
}

function toAggregate(item: AggregateShape, path: string): Omit<AggregateSelect, 'as'> {
  if (!Object.hasOwn(AGGREGATES, item.aggregate))
    throw new QueryError(MESSAGES.unknownAggregate(shown(item.aggregate)));
  return {
    aggregate: item.aggregate as AggregateName,
    ...(item.field === undefined ? {} : { field: item.field }),
    ...(item.args === undefined ? {} : { args: item.args }),
    ...(item.where === undefined ? {} : { where: parseCondition(item.where, `${path}.where`) }),
  };
}

function toOrderItem(item: QueryShape['orderBy'][number], index: number): OrderItem {
  if (!('aggregate' in item)) return item;
  return { ...toAggregate(item, `orderBy.${index}`), direction: item.direction };
}

function toGroupItem(item: QueryShape['groupBy'][number], index: number): GroupItem {
  if (typeof item === 'string') return item;
  if (!Object.hasOwn(BUCKETS, item.bucket) && !parseWidth(item.bucket))
    throw new QueryError(MESSAGES.unknownBucket(shown(item.bucket)));
  if (item.timeZone !== undefined && !isTimeZone(item.timeZone))
    throw new QueryError(MESSAGES.invalidTimeZone(`groupBy.${index}.timeZone`));
  return { ...item, as: toAlias(item.as, `groupBy.${index}.as`) };
}

function toAlias(alias: string | undefined, path: string): string {
  if (alias === undefined) throw new QueryError(MESSAGES.invalidAt(path, 'required'));
  if (!IDENTIFIER.test(alias)) throw new QueryError(MESSAGES.invalidAlias(shown(alias)));
  return alias;
}

function toOffset(shape: QueryShape): number {
  if (shape.cursor === undefined) return shape.offset ?? 0;
  if (shape.offset !== undefined) throw new QueryError(MESSAGES.offsetAndCursor);
  const offset = decodeCursor(shape.cursor);
  if (offset === undefined) throw new QueryError(MESSAGES.invalidCursor);
  return offset;
}
