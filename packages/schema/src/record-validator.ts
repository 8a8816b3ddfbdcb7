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
  const fields = checkedFields(schema);
  const optional = checkedAddedFields(added);
  const failures: Failure[] = [];
  const fail = (message: string) => `return F[${failures.push(Object.freeze({ ok: false, message })) - 1}];`;
  const source = generateSource(fields, optional, fail);
  const build = new Function('hasOwn', 'normalizeTimestamp', 'F', 'utf8', source);
  return build(Object.hasOwn, normalizeTimestamp, failures, storableText) as RecordValidator;
}

/**
 * The same checks, in the same order with the same messages, without generating code: for runtimes
 * whose policy forbids `new Function` (Cloudflare Workers, pages with a strict CSP), where the SDK runs.
 */
export function interpretRecordValidator(schema: DatasetSchema, added: AddedFields = {}): RecordValidator {
  const fields = checkedFields(schema);
  const optional = checkedAddedFields(added);
  const known = new Set(['timestamp', 'context', ...[...fields, ...optional].map((field) => field.name)]);
  const failure = (message: string): Failure => Object.freeze({ ok: false, message });
  const fixed = {
    payload: failure(INGEST_MESSAGES.payloadNotObject),
    timestamp: failure(INGEST_MESSAGES.invalidTimestamp),
    context: failure(INGEST_MESSAGES.contextNotObject),
    tooDeep: failure(INGEST_MESSAGES.contextTooDeep),
  };
  const missing = fields.map((field) => failure(INGEST_MESSAGES.missingField(field.name)));
  const invalid = fields.map((field) => failure(invalidFieldMessage(field.type, field.name)));
  const invalidOptional = optional.map((field) => failure(invalidFieldMessage(field.type, field.name)));
  return (r) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return fixed.payload;
    const record = r as Record<string, unknown>;
    const timestamp = Object.hasOwn(record, 'timestamp') ? normalizeTimestamp(record.timestamp) : null;
    if (timestamp === null) return fixed.timestamp;
    const context = Object.hasOwn(record, 'context') ? record.context : null;
    if (typeof context !== 'object' || context === null || Array.isArray(context)) return fixed.context;
    const contextJson = contextText(context);
    if (contextJson === null) return fixed.tooDeep;
    if (contextJson === undefined) return fixed.context;
    for (const key of Object.keys(record)) {
      if (!known.has(key)) return { ok: false, message: INGEST_MESSAGES.extraField('') + key };
    }
    for (const [i, field] of fields.entries()) {
      if (!Object.hasOwn(record, field.name)) return missing[i] as Failure;
    }
    const row: WarehouseRow = { timestamp, context: contextJson };
    for (const [i, field] of fields.entries()) {
      const value = readValue(field, record[field.name]);
      if (value === undefined) return invalid[i] as Failure;
      row[field.name] = value;
    }
    for (const [i, field] of optional.entries()) {
      if (!Object.hasOwn(record, field.name)) continue;
      const value = readValue(field, record[field.name]);
      if (value === undefined) return invalidOptional[i] as Failure;
      row[field.name] = value;
    }
    return { ok: true, row };
  };
}

/** Fields added by later schema versions: optional in a record, type-checked when present. */
function checkedAddedFields(added: AddedFields): Field[] {
  return Object.entries(added).map(([name, { type }]) => {
    const problem = fieldNameProblem(name);
    if (problem !== null) throw new TypeError(`Cannot compile an invalid added field: ${problem}`);
    return { name, type };
  });
}

function checkedFields(schema: DatasetSchema): Field[] {
  const parsed = parseSchemaDefinition(schema);
  if (!parsed.ok) throw new TypeError(`Cannot compile an invalid schema: ${parsed.message}`);
  return Object.entries(parsed.schema.fields).map(([name, type]) => ({ name, type }));
}

/** `context` as JSON text; null when nested deeper than serialization recurses, undefined when JSON cannot hold it. */
function contextText(context: object): string | null | undefined {
  try {
    const text = JSON.stringify(context);
    return typeof text === 'string' ? text : undefined;
  } catch (error) {
    return error instanceof RangeError ? null : undefined;
  }
}

/** A declared field's stored value, or undefined when its type is wrong. */
function readValue({ type }: Field, value: unknown): WarehouseValue | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? storableText(value) : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'timestamp':
      return normalizeTimestamp(value) ?? undefined;
  }
}

/**
 * Fields added by later schema versions (`optional`) may be left out, and then the row leaves them out
 * too (the column's default fills them); when present they are type-checked after the required ones.
 */
function generateSource(fields: Field[], optional: Field[], fail: (message: string) => string): string {
  const q = JSON.stringify;
  const others = ['timestamp', 'context', ...optional.map((f) => f.name)];
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
    // Keys are distinct, so counting the declared ones seen tells whether any is missing without
    // asking for each; only then is each asked, in schema order, for the message.
    'let declared = 0;',
    'for (const k of Object.keys(r)) switch (k) {',
    `${fields.map(({ name }) => `case ${q(name)}:`).join(' ')} declared++; continue;`,
    `${others.map((name) => `case ${q(name)}:`).join(' ')} continue;`,
    `default: return { ok: false, message: ${q(INGEST_MESSAGES.extraField(''))} + k };`,
    '}',
    `if (declared !== ${fields.length}) {`,
    ...fields.map(({ name }) => `if (!hasOwn(r, ${q(name)})) ${fail(INGEST_MESSAGES.missingField(name))}`),
    '}',
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
