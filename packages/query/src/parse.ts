import { z } from 'zod';
import { AGGREGATES, type AggregateName } from './aggregates.ts';
import { BUCKETS, type BucketName } from './buckets.ts';
import { parseCondition } from './conditions.ts';
import { decodeCursor } from './cursor.ts';
import { firstIssue } from './issues.ts';
import { IDENTIFIER, LIMITS } from './limits.ts';
import { MESSAGES, QueryError, type Refusal, refuseOnQueryError, shown } from './messages.ts';
import type { GroupItem, Query, SelectItem } from './model.ts';
import { parseTimestamp, toIsoTimestamp } from './timestamps.ts';

export const NAME = z.string().min(1).max(LIMITS.maxName);

// Shapes only: strict objects refuse any key not listed. Names are checked below, fields at compile time.
export const QUERY_SHAPE = z.strictObject({
  range: z.strictObject({ from: z.string().max(64), to: z.string().max(64) }),
  select: z
    .array(
      z.strictObject({
        field: NAME.optional(),
        aggregate: NAME.optional(),
        as: NAME.optional(),
        args: z.strictObject({ p: z.number().min(0).max(1) }).optional(),
      }),
    )
    .min(1)
    .max(LIMITS.maxSelect),
  where: z.unknown().optional(),
  groupBy: z
    .array(z.union([NAME, z.strictObject({ bucket: NAME, field: NAME.optional(), as: NAME })]))
    .max(LIMITS.maxGroupBy)
    .default([]),
  having: z.unknown().optional(),
  orderBy: z
    .array(z.strictObject({ field: NAME, direction: z.enum(['asc', 'desc']) }))
    .max(LIMITS.maxOrderBy)
    .default([]),
  limit: z.int().min(1).max(LIMITS.maxLimit).default(LIMITS.defaultLimit),
  offset: z.int().min(0).max(LIMITS.maxOffset).optional(),
  cursor: z.string().max(LIMITS.maxCursor).optional(),
});
type QueryShape = z.infer<typeof QUERY_SHAPE>;

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
    range: toRange(shape.range),
    select: shape.select.map(toSelectItem),
    ...(shape.where === undefined ? {} : { where: parseCondition(shape.where, 'where') }),
    groupBy: shape.groupBy.map(toGroupItem),
    ...(shape.having === undefined ? {} : { having: parseCondition(shape.having, 'having') }),
    orderBy: shape.orderBy,
    limit: shape.limit,
    offset: toOffset(shape),
  };
}

function toRange(range: QueryShape['range']): Query['range'] {
  const from = parseTimestamp(range.from);
  const to = parseTimestamp(range.to);
  if (from === undefined) throw new QueryError(MESSAGES.invalidTimestamp('range.from'));
  if (to === undefined) throw new QueryError(MESSAGES.invalidTimestamp('range.to'));
  if (from > to) throw new QueryError(MESSAGES.rangeOrder);
  return { from: toIsoTimestamp(from), to: toIsoTimestamp(to) };
}

function toSelectItem(item: QueryShape['select'][number], index: number): SelectItem {
  if (item.aggregate === undefined) {
    const stray = (['as', 'args'] as const).find((key) => item[key] !== undefined);
    if (stray) throw new QueryError(MESSAGES.unknownKey(`select.${index}.${stray}`));
    if (item.field === undefined)
      throw new QueryError(MESSAGES.invalidAt(`select.${index}`, 'needs field or aggregate'));
    return { field: item.field };
  }
  if (!Object.hasOwn(AGGREGATES, item.aggregate))
    throw new QueryError(MESSAGES.unknownAggregate(shown(item.aggregate)));
  return {
    aggregate: item.aggregate as AggregateName,
    ...(item.field === undefined ? {} : { field: item.field }),
    as: toAlias(item.as, `select.${index}.as`),
    ...(item.args === undefined ? {} : { args: item.args }),
  };
}

function toGroupItem(item: QueryShape['groupBy'][number], index: number): GroupItem {
  if (typeof item === 'string') return item;
  if (!Object.hasOwn(BUCKETS, item.bucket)) throw new QueryError(MESSAGES.unknownBucket(shown(item.bucket)));
  return { ...item, bucket: item.bucket as BucketName, as: toAlias(item.as, `groupBy.${index}.as`) };
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
