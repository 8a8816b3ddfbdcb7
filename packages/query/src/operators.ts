import type { FieldType } from '@quarry/schema';
import { LIMITS } from './limits.ts';
import { MESSAGES } from './messages.ts';

interface OperatorSpec {
  /** `list` operators take a non-empty array bound as `Array(T)`; `scalar` ones a single value. */
  arity: 'scalar' | 'list';
  /** Field types it applies to; `undefined` means any type. */
  accepts?: readonly FieldType[];
  sql: (column: string, value: string) => string;
  /** A further check of the value itself: the refusal's message, or undefined when it is fine. */
  check?: (value: string, field: string) => string | undefined;
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
  // Unicode-aware case folding (UTF-8), still a plain substring: no pattern syntax.
  containsIgnoreCase: {
    arity: 'scalar',
    accepts: STRING,
    sql: (column, value) => `positionCaseInsensitiveUTF8(${column}, ${value}) > 0`,
  },
  endsWith: { arity: 'scalar', accepts: STRING, sql: (column, value) => `endsWith(${column}, ${value})` },
  // RE2 (ClickHouse `match`): linear time whatever the input, unanchored unless the pattern anchors.
  matches: {
    arity: 'scalar',
    accepts: STRING,
    check: patternProblem,
    sql: (column, value) => `match(${column}, ${value})`,
  },
} as const satisfies Record<string, OperatorSpec>;

function patternProblem(pattern: string, field: string): string | undefined {
  if (pattern.length > LIMITS.maxPattern) return MESSAGES.patternTooLong(field, LIMITS.maxPattern);
  if (usesLookaroundOrBackreference(pattern)) return MESSAGES.patternUnsupported(field);
  return undefined;
}

/**
 * The constructs of PCRE and JavaScript that RE2 refuses and users bring most: `(?=`, `(?!`, `(?<=`,
 * `(?<!`, `\1`…`\9`, `\k<`. Escapes and character classes are skipped, so `\\1` or `[(?=]` pass.
 */
function usesLookaroundOrBackreference(pattern: string): boolean {
  let inClass = false;
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === '\\') {
      const next = pattern.slice(at + 1, at + 3);
      if (!inClass && /^([1-9]|k<)/.test(next)) return true;
      at++;
    } else if (inClass) {
      inClass = char !== ']';
    } else if (char === '[') {
      inClass = true;
      // A `]` first in a class (after an optional `^`) is a literal, not its end.
      at += /^\^?\]/.exec(pattern.slice(at + 1))?.[0].length ?? 0;
    } else if (char === '(' && /^\(\?<?[=!]/.test(pattern.slice(at, at + 4))) {
      return true;
    }
  }
  return false;
}

export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as [OperatorName, ...OperatorName[]];

export function operatorSpec(name: OperatorName): OperatorSpec {
  return OPERATORS[name];
}
