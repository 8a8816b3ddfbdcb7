import type { FieldType } from '@quarry/schema';
import { IDENTIFIER } from './limits.ts';

/** Every column reference is qualified by this table alias, so an output alias can never shadow a column. */
const SOURCE = '`__src`';

/** Backtick-quotes a name already checked against IDENTIFIER (schema field or validated alias). */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new TypeError(`Refusing to quote a non-identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

export function column(name: string): string {
  return `${SOURCE}.${quoteIdentifier(name)}`;
}

/** `table` or `db.table` from the catalog, raw or with each part already backtick-quoted. */
export function fromClause(table: string): string {
  const parts = table.split('.').map((part) => part.replace(/^`(.*)`$/, '$1'));
  if (parts.length > 2) throw new TypeError(`Not a table name: ${JSON.stringify(table)}`);
  return `${parts.map(quoteIdentifier).join('.')} AS ${SOURCE}`;
}

/** The column type of each field type, which is also the type its values are bound as. */
export const CLICKHOUSE_TYPES: Record<FieldType, string> = {
  string: 'String',
  number: 'Float64',
  boolean: 'Bool',
  timestamp: "DateTime64(3,'UTC')",
};

/** Renders a Date, DateTime or DateTime64 expression as `2026-06-10T00:00:00.000Z`, whatever the output settings. */
export function isoTimestampSql(expression: string): string {
  return `concat(replaceOne(toString(toDateTime64(${expression}, 3, 'UTC')), ' ', 'T'), 'Z')`;
}

export type ParamValue = string | number | bigint | boolean | ParamValue[];

/** Collects values as numbered ClickHouse parameters; the SQL only ever holds `{pN:Type}` placeholders. */
export class Params {
  readonly values: Record<string, ParamValue> = {};
  #next = 0;

  bind(value: ParamValue, type: string): string {
    const name = `p${this.#next++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

/** Integers past 2^53 travel as bigint: chDB's parameter serializer refuses such numbers. */
export function float64Param(value: number): number | bigint {
  return Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value) : value;
}
