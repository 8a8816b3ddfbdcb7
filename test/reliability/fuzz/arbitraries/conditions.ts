import type { FieldType } from '@quarry/schema';
import fc from 'fast-check';
import { anyNumber } from './json.ts';
import { hostileString } from './text.ts';
import { validTimestamp } from './timestamps.ts';

export type Condition = { and: Condition[] } | { or: Condition[] } | { not: Condition } | Comparison;
export interface Comparison {
  field: string;
  op: string;
  value: unknown;
}

const scalarOf: Record<FieldType, fc.Arbitrary<unknown>> = {
  string: hostileString(40),
  number: anyNumber,
  boolean: fc.boolean(),
  timestamp: validTimestamp.map((t) => t.text),
};

/** The operators docs/query-language.md allows on each field type. */
function operatorsFor(type: FieldType): string[] {
  const ordered = type === 'boolean' ? [] : ['gt', 'gte', 'lt', 'lte'];
  const text = type === 'string' ? ['contains', 'startsWith'] : [];
  return ['eq', 'neq', 'in', 'notIn', ...ordered, ...text];
}

const isList = (op: string) => op === 'in' || op === 'notIn';

/** A comparison on one of `fields` with an operator its type allows and a value of its type. */
export function comparison(fields: [string, FieldType][]): fc.Arbitrary<Comparison> {
  return fc.constantFrom(...fields).chain(([field, type]) =>
    fc.constantFrom(...operatorsFor(type)).chain((op) => {
      const scalar = scalarOf[type];
      const value = isList(op) ? fc.array(scalar, { minLength: 1, maxLength: 5 }) : scalar;
      return value.map((v) => ({ field, op, value: v }));
    }),
  );
}

/** `and`/`or`/`not` trees of `leaf`, within the documented depth. */
export function conditionTree(leaf: fc.Arbitrary<Comparison>): fc.Arbitrary<Condition> {
  return fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
      tie('node').map((not) => ({ not })),
    ),
  })).node;
}

/** `having` on numeric aggregate aliases, with number values. */
export function havingTree(aliases: string[]): fc.Arbitrary<Condition> {
  const leaf = fc.constantFrom(...aliases).chain((field) =>
    fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn').chain((op) =>
      (isList(op) ? fc.array(anyNumber, { minLength: 1, maxLength: 3 }) : anyNumber).map((value) => ({
        field,
        op,
        value,
      })),
    ),
  );
  return conditionTree(leaf);
}
