import { z } from 'zod';
import { AGGREGATE_NAMES, type AggregateName, aggregateSpec, argumentKey } from './aggregates.ts';
import { BUCKET_NAMES, ZONE_NAME } from './buckets.ts';
import { NODE_SHAPES, SCALAR } from './conditions.ts';
import { LIMITS } from './limits.ts';
import { OPERATOR_NAMES, OPERATORS, type OperatorName } from './operators.ts';
import { NAME, QUERY_SHAPE } from './parse.ts';

// The query language as the API description states it: the parser's own shapes, with the checks it
// makes after them (known aggregate, bucket and operator names, aliases, arity) written as enums and
// patterns so generated clients know them. What depends on the dataset's schema is stated in words.

// The parser takes any ISO 8601 timestamp of at most 64 characters; RFC 3339 date-times are a subset.
const TIMESTAMP = z.string().max(64).meta({ format: 'date-time' });

/** IDENTIFIER without a leading `__` (reserved for standard columns). */
const ALIAS = z
  .string()
  .max(LIMITS.maxName)
  .regex(/^(?:[A-Za-z][A-Za-z0-9_]*|_[A-Za-z0-9][A-Za-z0-9_]*)$/);

const names = <T extends string>(all: readonly T[], keep: (name: T) => boolean) =>
  all.filter(keep) as [T, ...T[]];

const ARG_SHAPES = {
  p: z.number().min(0).max(1),
  k: z.int().min(1).max(LIMITS.maxListSize),
  bins: z.int().min(1).max(LIMITS.maxListSize),
};

/** What an aggregate item may carry besides its name: field (required or not), its one arg, a where. */
function signature(name: AggregateName): string {
  const spec = aggregateSpec(name);
  return `${spec.field}/${argumentKey(spec) ?? ''}/${spec.conditional ? 'where' : ''}`;
}

/** One strict shape per signature, its aggregate names as an enum. */
const AGGREGATE_SHAPES = [...new Set(AGGREGATE_NAMES.map(signature))].map((key) => {
  const members = names(AGGREGATE_NAMES, (name) => signature(name) === key);
  const spec = aggregateSpec(members[0]);
  const arg = argumentKey(spec);
  return z.strictObject({
    aggregate: z.enum(members),
    field: spec.field === 'required' ? NAME : NAME.optional(),
    ...(arg ? { args: z.strictObject({ [arg]: ARG_SHAPES[arg] }) } : {}),
    ...(spec.conditional
      ? {
          where: z
            .lazy(() => ConditionDocument)
            .optional()
            .describe('Count or sum only the rows where this holds'),
        }
      : {}),
  });
});

const SelectItem = z.union([
  z.strictObject({ field: NAME }),
  ...AGGREGATE_SHAPES.map((shape) => shape.extend({ as: ALIAS })),
]);

const DIRECTION = z.enum(['asc', 'desc']);
const OrderItem = z.union([
  z.strictObject({ field: NAME, direction: DIRECTION }),
  ...AGGREGATE_SHAPES.map((shape) => shape.extend({ direction: DIRECTION })),
]);

const BucketItem = z.strictObject({
  bucket: z.union([
    z.enum(BUCKET_NAMES),
    z
      .string()
      .regex(/^[1-9][0-9]{0,5}[smhd]$/)
      .describe('A width: seconds (s), minutes (m), hours (h) or days (d), e.g. 5m, 15m, 6h'),
  ]),
  field: NAME.optional(),
  as: ALIAS,
  timeZone: z
    .string()
    .max(64)
    .regex(ZONE_NAME)
    .optional()
    .describe(
      'IANA time zone (Europe/Bucharest) for day, week and month buckets only; UTC when absent. A name the tz database lacks answers 400',
    ),
  fill: z
    .boolean()
    .optional()
    .describe(
      `Emit every bucket of the range, empty ones with zero counts and sums; of timestamp only, one per query, not with orderBy or having, every grouped field selected. A width bucket or a filled one makes at most ${LIMITS.maxBuckets} over the range`,
    ),
});

const arity = (kind: 'scalar' | 'list') =>
  z.enum(names<OperatorName>(OPERATOR_NAMES, (name) => OPERATORS[name].arity === kind));

export const ConditionDocument: z.ZodType = z
  .lazy(() =>
    z.union([
      z.strictObject({ and: z.array(ConditionDocument).min(1).max(LIMITS.maxConditionNodes) }),
      z.strictObject({ or: z.array(ConditionDocument).min(1).max(LIMITS.maxConditionNodes) }),
      z.strictObject({ not: ConditionDocument }),
      NODE_SHAPES.comparison.extend({ op: arity('scalar'), value: SCALAR }),
      NODE_SHAPES.comparison.extend({
        op: arity('list'),
        value: z.array(SCALAR).min(1).max(LIMITS.maxListValues),
      }),
    ]),
  )
  .meta({
    id: 'Condition',
    description: `A comparison, or and/or/not of conditions: at most ${LIMITS.maxConditionDepth} levels deep, ${LIMITS.maxConditionNodes} nodes and ${LIMITS.maxConditionValues} values in one tree. The field must be in the dataset's schema and the value of its type; ordered operators (gt, gte, lt, lte) need a string, number or timestamp field; contains, containsIgnoreCase, startsWith, endsWith and matches (an RE2 regular expression of at most ${LIMITS.maxPattern} characters) a string field. In having, field names an aggregate's alias.`,
  });

export const QueryDocument = QUERY_SHAPE.extend({
  range: z.union([
    z
      .strictObject({ from: TIMESTAMP, to: TIMESTAMP })
      .describe('Both ends inclusive, on the record timestamp; from ≤ to'),
    z
      .strictObject({ last: z.string().regex(/^[1-9][0-9]{0,5}[smhdw]$/) })
      .describe("The span before the server's clock: 90s, 15m, 24h, 7d, 2w; not reaching before 1900"),
  ]),
  select: z.array(SelectItem).min(1).max(LIMITS.maxSelect),
  where: ConditionDocument.optional(),
  groupBy: z
    .array(z.union([NAME, BucketItem]))
    .max(LIMITS.maxGroupBy)
    .optional(),
  having: ConditionDocument.optional(),
  orderBy: z
    .array(OrderItem)
    .max(LIMITS.maxOrderBy)
    .optional()
    .describe(
      'A selected field, bucket or aggregate alias, a grouped field, or an aggregate (selected or not)',
    ),
  limit: QUERY_SHAPE.shape.limit.unwrap().optional(),
  cursor: QUERY_SHAPE.shape.cursor.describe('The nextCursor of a previous answer (not with offset)'),
  totals: z
    .boolean()
    .optional()
    .describe(
      'Also answer `totals`: the aggregates once over every row the range and where select; needs an aggregate in select',
    ),
}).meta({
  id: 'Query',
  description:
    "An aggregate query (docs/query-language.md). Field names are checked against the dataset's schema: a field it lacks, an aggregate or bucket over a field of the wrong type, an alias that reuses a field name, two outputs with one name, or a selected field missing from groupBy while aggregating answer 400.",
});
