import { z } from 'zod';
import { AGGREGATE_NAMES, AGGREGATES, type AggregateName } from './aggregates.ts';
import { BUCKET_NAMES } from './buckets.ts';
import { NODE_SHAPES, SCALAR } from './conditions.ts';
import { LIMITS } from './limits.ts';
import { OPERATOR_NAMES, OPERATORS, type OperatorName } from './operators.ts';
import { NAME, QUERY_SHAPE } from './parse.ts';

// The query language as the API description states it: the parser's own shapes, with the checks it
// makes after them (known aggregate, bucket and operator names, aliases, arity) written as enums and
// patterns so generated clients know them. What depends on the dataset's schema is stated in words.

// The parser takes any ISO 8601 timestamp of at most 64 characters; RFC 3339 date-times are a subset.
const TIMESTAMP = QUERY_SHAPE.shape.range.shape.from.meta({ format: 'date-time' });

/** IDENTIFIER without a leading `__` (reserved for standard columns). */
const ALIAS = z
  .string()
  .max(LIMITS.maxName)
  .regex(/^(?:[A-Za-z][A-Za-z0-9_]*|_[A-Za-z0-9][A-Za-z0-9_]*)$/);

const names = <T extends string>(all: readonly T[], keep: (name: T) => boolean) =>
  all.filter(keep) as [T, ...T[]];
const spec = (name: AggregateName) => AGGREGATES[name] as { field: string; level?: number | 'argument' };

const SelectItem = z.union([
  z.strictObject({ field: NAME }),
  z.strictObject({
    aggregate: z.enum(names(AGGREGATE_NAMES, (name) => spec(name).field === 'optional')),
    field: NAME.optional(),
    as: ALIAS,
  }),
  z.strictObject({
    aggregate: z.enum(
      names(AGGREGATE_NAMES, (name) => spec(name).field === 'required' && spec(name).level !== 'argument'),
    ),
    field: NAME,
    as: ALIAS,
  }),
  z.strictObject({
    aggregate: z.enum(names(AGGREGATE_NAMES, (name) => spec(name).level === 'argument')),
    field: NAME,
    as: ALIAS,
    args: z.strictObject({ p: z.number().min(0).max(1) }),
  }),
]);

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
    description: `A comparison, or and/or/not of conditions: at most ${LIMITS.maxConditionDepth} levels deep, ${LIMITS.maxConditionNodes} nodes and ${LIMITS.maxConditionValues} values in one tree. The field must be in the dataset's schema and the value of its type; ordered operators (gt, gte, lt, lte) need a string, number or timestamp field, contains and startsWith a string field. In having, field names an aggregate's alias.`,
  });

export const QueryDocument = QUERY_SHAPE.extend({
  range: z
    .strictObject({ from: TIMESTAMP, to: TIMESTAMP })
    .describe('Both ends inclusive, on the record timestamp; from ≤ to'),
  select: z.array(SelectItem).min(1).max(LIMITS.maxSelect),
  where: ConditionDocument.optional(),
  groupBy: z
    .array(
      z.union([NAME, z.strictObject({ bucket: z.enum(BUCKET_NAMES), field: NAME.optional(), as: ALIAS })]),
    )
    .max(LIMITS.maxGroupBy)
    .optional(),
  having: ConditionDocument.optional(),
  orderBy: QUERY_SHAPE.shape.orderBy.unwrap().optional(),
  limit: QUERY_SHAPE.shape.limit.unwrap().optional(),
  cursor: QUERY_SHAPE.shape.cursor.describe('The nextCursor of a previous answer (not with offset)'),
}).meta({
  id: 'Query',
  description:
    "An aggregate query (docs/query-language.md). Field names are checked against the dataset's schema: a field it lacks, an aggregate or bucket over a field of the wrong type, an alias that reuses a field name, two outputs with one name, or a selected field missing from groupBy while aggregating answer 400.",
});
