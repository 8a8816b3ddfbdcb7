import { type CompiledQuery, type CompileTarget, compile } from './compile.ts';
import type { Refusal } from './messages.ts';
import { parseQuery } from './parse.ts';

/** Parse and compile in one step: what a query route needs between reading the body and the warehouse. */
export function prepareQuery(
  body: unknown,
  target: CompileTarget,
): { ok: true; compiled: CompiledQuery } | Refusal {
  const parsed = parseQuery(body);
  return parsed.ok ? compile(parsed.query, target) : parsed;
}
