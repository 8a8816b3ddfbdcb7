import { z } from 'zod';
import { firstIssue, pathText } from './issues.ts';
import { LIMITS } from './limits.ts';
import { MESSAGES, QueryError, shown } from './messages.ts';
import type { Comparison, Condition } from './model.ts';
import { OPERATORS, type OperatorName, operatorSpec } from './operators.ts';

export const SCALAR = z.union([z.string().max(LIMITS.maxStringValue), z.number(), z.boolean()]);
const children = z.array(z.unknown()).min(1).max(LIMITS.maxConditionNodes);

// One strict shape per node kind; which one applies is decided by the key the node carries.
export const NODE_SHAPES = {
  and: z.strictObject({ and: children }),
  or: z.strictObject({ or: children }),
  not: z.strictObject({ not: z.unknown() }),
  comparison: z.strictObject({
    field: z.string().min(1).max(LIMITS.maxName),
    op: z.string().max(LIMITS.maxName),
    value: z.union([SCALAR, z.array(SCALAR).min(1).max(LIMITS.maxListValues)]),
  }),
};

type Counter = { nodes: number; values: number };

/** Shape-checks a where/having tree (depth, size, operator arity); names are checked at compile time. */
export function parseCondition(input: unknown, path: string): Condition {
  return parseNode(input, [path], 0, { nodes: 0, values: 0 });
}

function parseNode(input: unknown, path: PropertyKey[], depth: number, counter: Counter): Condition {
  counter.nodes += 1;
  if (counter.nodes > LIMITS.maxConditionNodes) throw new QueryError(MESSAGES.conditionTooLarge);
  if (depth > LIMITS.maxConditionDepth) throw new QueryError(MESSAGES.conditionTooDeep(pathText(path)));
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new QueryError(MESSAGES.invalidAt(pathText(path), 'expected a condition object'));
  }
  const kind = (['and', 'or', 'not'] as const).find((key) => Object.hasOwn(input, key)) ?? 'comparison';
  const parsed = NODE_SHAPES[kind].safeParse(input);
  if (!parsed.success) throw new QueryError(firstIssue(parsed.error, path));
  const node = parsed.data;
  const child = (value: unknown, ...at: PropertyKey[]) =>
    parseNode(value, [...path, ...at], depth + 1, counter);
  if ('and' in node) return { and: node.and.map((value, i) => child(value, 'and', i)) };
  if ('or' in node) return { or: node.or.map((value, i) => child(value, 'or', i)) };
  if ('not' in node) return { not: child(node.not, 'not') };
  counter.values += Array.isArray(node.value) ? node.value.length : 1;
  if (counter.values > LIMITS.maxConditionValues) throw new QueryError(MESSAGES.conditionTooLarge);
  return parseComparison(node);
}

function parseComparison(node: { field: string; op: string; value: Comparison['value'] }): Comparison {
  if (!Object.hasOwn(OPERATORS, node.op)) throw new QueryError(MESSAGES.unknownOperator(shown(node.op)));
  const op = node.op as OperatorName;
  const isList = Array.isArray(node.value);
  if (operatorSpec(op).arity === 'list' && !isList) throw new QueryError(MESSAGES.listOperatorNeedsArray(op));
  if (operatorSpec(op).arity === 'scalar' && isList)
    throw new QueryError(MESSAGES.scalarOperatorNeedsScalar(op));
  return { field: node.field, op, value: node.value };
}
