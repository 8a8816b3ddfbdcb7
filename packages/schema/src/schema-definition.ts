import { SCHEMA_MESSAGES } from './messages.ts';
import { type DatasetSchema, FIELD_TYPES, type FieldType, STANDARD_FIELDS } from './model.ts';

/**
 * Rules for a schema registration body `{ "fields": { name: type } }` (contract §1), plus our own
 * limits, which the contract leaves open:
 * - at most 200 fields: each becomes a warehouse column, and records stay a readable size;
 * - names of at most 64 characters: long enough for real names, short enough for error messages;
 * - types are the four lowercase names exactly (`"String"` or `"integer"` are refused);
 * - other top-level properties beside `fields` are ignored, as clients may send descriptions.
 * Names are checked in the body's order and the first problem is the answer. JSON.parse keeps the
 * last of duplicated keys, so a duplicate cannot be detected here.
 */
export const MAX_FIELDS = 200;
export const MAX_FIELD_NAME_LENGTH = 64;

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_NAMES: ReadonlySet<string> = new Set(STANDARD_FIELDS);
const MAX_SHOWN_TYPE_LENGTH = 32;

export type SchemaDefinitionResult = { ok: true; schema: DatasetSchema } | { ok: false; message: string };

export function parseSchemaDefinition(body: unknown): SchemaDefinitionResult {
  if (!isObject(body)) return { ok: false, message: SCHEMA_MESSAGES.bodyNotObject };
  const fields = Object.hasOwn(body, 'fields') ? body.fields : undefined;
  if (!isObject(fields)) return { ok: false, message: SCHEMA_MESSAGES.fieldsNotObject };
  const entries = Object.entries(fields);
  if (entries.length === 0) return { ok: false, message: SCHEMA_MESSAGES.noFields };
  if (entries.length > MAX_FIELDS) return { ok: false, message: SCHEMA_MESSAGES.tooManyFields(MAX_FIELDS) };
  for (const [name, type] of entries) {
    const problem = fieldProblem(name, type);
    if (problem !== null) return { ok: false, message: problem };
  }
  // fromEntries defines own properties, so no name could ever reach a prototype setter.
  const declared = Object.fromEntries(entries) as Record<string, FieldType>;
  return { ok: true, schema: { fields: declared } };
}

function fieldProblem(name: string, type: unknown): string | null {
  const nameProblem = fieldNameProblem(name);
  if (nameProblem !== null) return nameProblem;
  if (!isFieldType(type)) return SCHEMA_MESSAGES.invalidType(name, describeType(type));
  return null;
}

/** The first rule a declared field's name breaks, or null. Schema versions name fields by the same rules. */
export function fieldNameProblem(name: string): string | null {
  if (name.length > MAX_FIELD_NAME_LENGTH) {
    return SCHEMA_MESSAGES.nameTooLong(`${name.slice(0, MAX_FIELD_NAME_LENGTH)}…`, MAX_FIELD_NAME_LENGTH);
  }
  if (!FIELD_NAME.test(name)) return SCHEMA_MESSAGES.invalidName(name);
  if (RESERVED_NAMES.has(name) || name.startsWith('__')) return SCHEMA_MESSAGES.reservedName(name);
  return null;
}

export function isFieldType(value: unknown): value is FieldType {
  return (FIELD_TYPES as readonly unknown[]).includes(value);
}

export function describeType(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return text.length > MAX_SHOWN_TYPE_LENGTH ? `${text.slice(0, MAX_SHOWN_TYPE_LENGTH)}…` : text;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
