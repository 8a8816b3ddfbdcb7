import type { DatasetSchema, FieldType } from '@quarry/schema';
import { IDENTIFIER } from './limits.ts';
import { MESSAGES, QueryError, shown } from './messages.ts';

/** The record's own time; always present, whatever the schema declares. */
export const TIMESTAMP = 'timestamp';
/** Stored as JSON text; v1 does not filter, group, order or aggregate on it (contract §1). */
export const CONTEXT = 'context';

/** The type of a queryable field, or a refusal: context is out of v1, anything undeclared is unknown. */
export function fieldType(schema: DatasetSchema, name: string): FieldType {
  if (name === CONTEXT) throw new QueryError(MESSAGES.contextNotQueryable);
  if (name === TIMESTAMP) return 'timestamp';
  // hasOwn, not `in`: names like `constructor` or `__proto__` must not reach Object.prototype.
  const declared =
    Object.hasOwn(schema.fields, name) && IDENTIFIER.test(name) ? schema.fields[name] : undefined;
  if (declared === undefined) throw new QueryError(MESSAGES.unknownField(shown(name)));
  return declared;
}

/** An alias becomes a row key beside field names, so it must not reuse one (or the reserved `__` prefix). */
export function checkAlias(schema: DatasetSchema, alias: string): void {
  const reused = alias === TIMESTAMP || alias === CONTEXT || Object.hasOwn(schema.fields, alias);
  if (reused || alias.startsWith('__')) throw new QueryError(MESSAGES.aliasReserved(alias));
}
