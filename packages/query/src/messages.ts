/** Every 400 message the query language can answer, in one place (conventions: one catalog). */
export const MESSAGES = {
  notAnObject: 'Query must be a JSON object',
  unknownKey: (path: string) => `Unknown key: ${path}`,
  invalidAt: (path: string, detail: string) =>
    path ? `Invalid ${path}: ${detail}` : `Invalid query: ${detail}`,
  invalidTimestamp: (path: string) => `Invalid timestamp: ${path}`,
  rangeOrder: 'range.from must not be after range.to',
  unknownAggregate: (name: string) => `Unknown aggregate: ${name}`,
  unknownBucket: (name: string) => `Unknown bucket: ${name}`,
  unknownOperator: (name: string) => `Unknown operator: ${name}`,
  invalidAlias: (alias: string) => `Invalid alias: ${alias}`,
  offsetAndCursor: 'Use either offset or cursor, not both',
  invalidCursor: 'Invalid cursor',
  conditionTooDeep: (path: string) => `Condition nested too deeply at ${path}`,
  conditionTooLarge: 'Condition has too many nodes or values',
  listOperatorNeedsArray: (op: string) => `Operator ${op} needs a non-empty array value`,
  scalarOperatorNeedsScalar: (op: string) => `Operator ${op} needs a single value, not an array`,

  unknownField: (name: string) => `Unknown field: ${name}`,
  unknownFieldOrAlias: (name: string) => `Unknown field or alias: ${name}`,
  contextNotQueryable: 'context cannot be filtered, grouped, ordered or aggregated in v1',
  aggregateNeedsField: (aggregate: string) => `Aggregate ${aggregate} needs a field`,
  aggregateFieldType: (aggregate: string, types: readonly string[], field: string) =>
    `Aggregate ${aggregate} needs a ${oneOf(types)} field: ${field}`,
  percentileNeedsP: 'Aggregate percentile needs args.p between 0 and 1',
  aggregateTakesNoArgs: (aggregate: string) => `Aggregate ${aggregate} takes no args`,
  bucketFieldType: (field: string) => `Bucket needs a timestamp field: ${field}`,
  operatorFieldType: (op: string, types: readonly string[], field: string) =>
    `Operator ${op} needs a ${oneOf(types)} field: ${field}`,
  valueType: (type: string, field: string) => `Invalid ${type} value for field: ${field}`,
  aliasReserved: (alias: string) => `Alias must not reuse a field name or start with __: ${alias}`,
  duplicateOutput: (name: string) => `Duplicate output name: ${name}`,
  fieldNotGrouped: (field: string) => `Field must be in groupBy when aggregating: ${field}`,
  havingNeedsAggregate: (name: string) => `having needs an aggregate alias: ${name}`,
  havingNeedsNumber: (name: string) => `having needs a numeric aggregate: ${name}`,

  invalidDuration: (path: string, example: string) =>
    `Invalid ${path}: expected a duration such as ${example}`,
  rangeBefore1900: 'range.last reaches before 1900',
  aggregateNeedsArg: (aggregate: string, key: string, max: number) =>
    `Aggregate ${aggregate} needs args.${key}, a whole number from 1 to ${max}`,
  aggregateTakesOnly: (aggregate: string, key: string) => `Aggregate ${aggregate} takes only args.${key}`,
  aggregateNotConditional: (aggregate: string) =>
    `Aggregate ${aggregate} takes no where: only count and sum do`,
  orderByAggregateNeedsGrouping: 'orderBy on an aggregate needs groupBy or an aggregate in select',
  invalidTimeZone: (path: string) => `Invalid time zone: ${path}`,
  bucketNotZoned: (bucket: string) => `Bucket ${bucket} takes no timeZone: only day, week and month do`,
  tooManyBuckets: (path: string, max: number) =>
    `Too many buckets: ${path} makes more than ${max} over the range`,
  fillOnce: 'Only one bucket can fill',
  fillNeedsTimestamp: (field: string) =>
    `fill needs a bucket of timestamp, the field range applies to: ${field}`,
  fillWithOrderBy: 'fill orders by the other group keys, then time: leave out orderBy',
  fillWithHaving: 'fill cannot be combined with having',
  fillNeedsSelected: (field: string) => `fill needs every grouped field selected: ${field}`,
  totalsNeedAggregate: 'totals needs an aggregate in select',
  patternTooLong: (field: string, max: number) =>
    `Pattern too long for field: ${field} (at most ${max} characters)`,
  patternUnsupported: (field: string) =>
    `Unsupported regular expression for field: ${field} (RE2 syntax: no lookaround or backreferences)`,
} as const;

/** `number`, `number or timestamp`, `string, number or timestamp`. */
function oneOf(types: readonly string[]): string {
  return types.length > 1 ? `${types.slice(0, -1).join(', ')} or ${types.at(-1)}` : (types[0] ?? '');
}

/** A refusal the caller answers with 400 and `message`. Thrown inside the package, returned at its edge. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
}

/** Echoes a piece of the request in a message, bounded, and only if it is a string. */
export function shown(input: unknown): string {
  return typeof input === 'string' ? input.slice(0, 64) : `(${typeof input})`;
}

export type Refusal = { ok: false; message: string };

/** Runs `work`, turning a QueryError into a refusal; anything else is a bug and propagates. */
export function refuseOnQueryError<T>(work: () => T): T | Refusal {
  try {
    return work();
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, message: error.message };
    throw error;
  }
}
