import { INGEST_MESSAGES, invalidFieldMessage } from './messages.ts';
import type { AddedFields, DatasetSchema, FieldType } from './model.ts';
import { fieldNameProblem, parseSchemaDefinition } from './schema-definition.ts';
import { normalizeTimestamp } from './timestamp.ts';

export type WarehouseValue = string | number | boolean;
/** A record as the warehouse stores it: timestamps normalized, `context` as JSON text. */
export type WarehouseRow = { timestamp: string; context: string; [field: string]: WarehouseValue };
// Readonly because fixed failures are shared frozen objects, returned to every caller.
export type Failure = { readonly ok: false; readonly message: string };
export type RecordValidation = { ok: true; row: WarehouseRow } | Failure;
export type RecordValidator = (record: unknown) => RecordValidation;

type Field = { name: string; type: FieldType };

/**
 * Builds a validator for one schema: the checks are generated as straight-line JavaScript once, so
 * validating a record never walks the schema. Field names enter the source only through
 * JSON.stringify and were checked against the name rules first. Checks follow contract §2's order.
 */
export function compileRecordValidator(schema: DatasetSchema, added: AddedFields = {}): RecordValidator {
  const parsed = parseSchemaDefinition(schema);
  if (!parsed.ok) throw new TypeError(`Cannot compile an invalid schema: ${parsed.message}`);
  const fields = Object.entries(parsed.schema.fields).map(([name, type]) => ({ name, type }));
  const optional = Object.entries(added).map(([name, { type }]) => {
    const problem = fieldNameProblem(name);
    if (problem !== null) throw new TypeError(`Cannot compile an invalid added field: ${problem}`);
    return { name, type };
  });
  const failures: Failure[] = [];
  const fail = (message: string) => `return F[${failures.push(Object.freeze({ ok: false, message })) - 1}];`;
  const source = generateSource(fields, optional, fail);
  const build = new Function('hasOwn', 'normalizeTimestamp', 'F', 'utf8', source);
  return build(Object.hasOwn, normalizeTimestamp, failures, storableText) as RecordValidator;
}

/**
 * Fields added by later schema versions (`optional`) may be left out, and then the row leaves them out
 * too (the column's default fills them); when present they are type-checked after the required ones.
 */
function generateSource(fields: Field[], optional: Field[], fail: (message: string) => string): string {
  const q = JSON.stringify;
  const known = ['timestamp', 'context', ...fields.map((f) => f.name), ...optional.map((f) => f.name)];
  const stored = (field: Field, v: string) => (field.type === 'string' ? `utf8(${v})` : v);
  const lines = [
    '"use strict";',
    'return function validateRecord(r) {',
    `if (typeof r !== "object" || r === null || Array.isArray(r)) ${fail(INGEST_MESSAGES.payloadNotObject)}`,
    'const ts = hasOwn(r, "timestamp") ? normalizeTimestamp(r.timestamp) : null;',
    `if (ts === null) ${fail(INGEST_MESSAGES.invalidTimestamp)}`,
    'const c = hasOwn(r, "context") ? r.context : null;',
    `if (typeof c !== "object" || c === null || Array.isArray(c)) ${fail(INGEST_MESSAGES.contextNotObject)}`,
    // Records from an SDK caller may hold cycles or BigInts; JSON.parse output only fails when it
    // nests deeper than serialization recurses (a RangeError), and it is an object, so say so.
    'let ctx; try { ctx = JSON.stringify(c); } catch (e) { ctx = e instanceof RangeError ? null : undefined; }',
    `if (ctx === null) ${fail(INGEST_MESSAGES.contextTooDeep)}`,
    `if (typeof ctx !== "string") ${fail(INGEST_MESSAGES.contextNotObject)}`,
    'for (const k of Object.keys(r)) switch (k) {',
    `${known.map((name) => `case ${q(name)}:`).join(' ')} continue;`,
    `default: return { ok: false, message: ${q(INGEST_MESSAGES.extraField(''))} + k };`,
    '}',
    ...fields.map(({ name }) => `if (!hasOwn(r, ${q(name)})) ${fail(INGEST_MESSAGES.missingField(name))}`),
    ...fields.flatMap((field, i) => [
      `const v${i} = ${valueExpression(field)};`,
      `if (${invalidCondition(field.type, `v${i}`)}) ${fail(invalidFieldMessage(field.type, field.name))}`,
    ]),
    `const row = { timestamp: ts, context: ctx, ${fields.map((f, i) => `${q(f.name)}: ${stored(f, `v${i}`)}`).join(', ')} };`,
    ...optional.flatMap((field, i) => [
      `if (hasOwn(r, ${q(field.name)})) {`,
      `const o${i} = ${valueExpression(field)};`,
      `if (${invalidCondition(field.type, `o${i}`)}) ${fail(invalidFieldMessage(field.type, field.name))}`,
      `row[${q(field.name)}] = ${stored(field, `o${i}`)};`,
      '}',
    ]),
    'return { ok: true, row };',
    '};',
  ];
  return lines.join('\n');
}

/**
 * A string as the warehouse can store it. JSON's `\ud800` gives JavaScript an unpaired surrogate,
 * which has no UTF-8 form: ClickHouse refuses the whole insert (the writer would dead-letter records
 * answered 202). It becomes U+FFFD, as invalid UTF-8 bytes in a request body already do.
 */
export function storableText(text: string): string {
  return text.toWellFormed();
}

function valueExpression({ name, type }: Field): string {
  const read = `r[${JSON.stringify(name)}]`;
  return type === 'timestamp' ? `normalizeTimestamp(${read})` : read;
}

function invalidCondition(type: FieldType, v: string): string {
  switch (type) {
    case 'string':
      return `typeof ${v} !== "string"`;
    case 'number':
      return `typeof ${v} !== "number" || !Number.isFinite(${v})`;
    case 'boolean':
      return `typeof ${v} !== "boolean"`;
    case 'timestamp':
      return `${v} === null`;
  }
}
