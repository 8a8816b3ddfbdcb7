/**
 * Quotes a table or column name for ClickHouse SQL. Names reach SQL only from registered
 * schemas, and are still quoted so that no name can end the identifier early.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new RangeError('an identifier cannot be empty');
  if (name.includes('\0')) throw new RangeError('an identifier cannot contain a NUL character');
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}
