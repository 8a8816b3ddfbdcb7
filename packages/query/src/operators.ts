import type { FieldType } from '@quarry/schema';

interface OperatorSpec {
  /** `list` operators take a non-empty array bound as `Array(T)`; `scalar` ones a single value. */
  arity: 'scalar' | 'list';
  /** Field types it applies to; `undefined` means any type. */
  accepts?: readonly FieldType[];
  sql: (column: string, value: string) => string;
}

const ORDERED: readonly FieldType[] = ['string', 'number', 'timestamp'];
const STRING: readonly FieldType[] = ['string'];

const infix =
  (symbol: string) =>
  (column: string, value: string): string =>
    `${column} ${symbol} ${value}`;

export const OPERATORS = {
  eq: { arity: 'scalar', sql: infix('=') },
  neq: { arity: 'scalar', sql: infix('!=') },
  gt: { arity: 'scalar', accepts: ORDERED, sql: infix('>') },
  gte: { arity: 'scalar', accepts: ORDERED, sql: infix('>=') },
  lt: { arity: 'scalar', accepts: ORDERED, sql: infix('<') },
  lte: { arity: 'scalar', accepts: ORDERED, sql: infix('<=') },
  in: { arity: 'list', sql: infix('IN') },
  notIn: { arity: 'list', sql: infix('NOT IN') },
  // Case-sensitive substring match on bytes; no pattern syntax, so no LIKE escaping to get wrong.
  contains: { arity: 'scalar', accepts: STRING, sql: (column, value) => `position(${column}, ${value}) > 0` },
  startsWith: { arity: 'scalar', accepts: STRING, sql: (column, value) => `startsWith(${column}, ${value})` },
} as const satisfies Record<string, OperatorSpec>;

export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as [OperatorName, ...OperatorName[]];

export function operatorSpec(name: OperatorName): OperatorSpec {
  return OPERATORS[name];
}
