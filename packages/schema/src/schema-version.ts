import { VERSION_MESSAGES as M, SCHEMA_MESSAGES } from './messages.ts';
import type { AddedDefault, AddedField, AddedFields, DatasetSchema, FieldType } from './model.ts';
import { describeType, fieldNameProblem, isFieldType, isObject, MAX_FIELDS } from './schema-definition.ts';
import { normalizeTimestamp } from './timestamp.ts';

/** A dataset's schema as of its latest version: registered fields (required), then added ones (optional). */
export interface VersionedSchema extends DatasetSchema {
  added: AddedFields;
}

export type SchemaVersionCheck =
  | { ok: true; added: AddedFields }
  | { ok: false; status: 400 | 409; message: string };

/** Longest default a string field may declare: it is written into the table's DDL. */
export const MAX_DEFAULT_LENGTH = 1_000;

type Refusal = Extract<SchemaVersionCheck, { ok: false }>;
const malformed = (message: string): Refusal => ({ ok: false, status: 400, message });
const incompatible = (message: string): Refusal => ({ ok: false, status: 409, message });

/**
 * Checks the body of a new schema version, `{"fields": {…}}`: the whole schema of the new version.
 * Compatibility is FORWARD_TRANSITIVE and BACKWARD_TRANSITIVE at once (Confluent's terms): every
 * earlier field stays exactly as it was, and every new field is optional (a default, or nullable), so
 * a record of any published version is valid under the newest, and every reader of any version reads
 * every row. Returns the fields this version adds, in the body's order.
 */
export function checkSchemaVersion(current: VersionedSchema, body: unknown): SchemaVersionCheck {
  if (!isObject(body)) return malformed(SCHEMA_MESSAGES.bodyNotObject);
  const fields = Object.hasOwn(body, 'fields') ? body.fields : undefined;
  if (!isObject(fields)) return malformed(SCHEMA_MESSAGES.fieldsNotObject);
  const entries = Object.entries(fields);
  if (entries.length > MAX_FIELDS) return malformed(SCHEMA_MESSAGES.tooManyFields(MAX_FIELDS));
  const added: [string, AddedField][] = [];
  for (const [name, spec] of entries) {
    const problem = fieldNameProblem(name);
    if (problem !== null) return malformed(problem);
    const refusal = Object.hasOwn(current.fields, name)
      ? keptRequired(name, current.fields[name] as FieldType, spec)
      : Object.hasOwn(current.added, name)
        ? keptOptional(name, current.added[name] as AddedField, spec)
        : newField(name, spec, added);
    if (refusal) return refusal;
  }
  for (const name of [...Object.keys(current.fields), ...Object.keys(current.added)]) {
    if (!Object.hasOwn(fields, name)) return incompatible(M.removed(name));
  }
  if (added.length === 0) return malformed(M.nothingAdded);
  return { ok: true, added: Object.fromEntries(added) };
}

function keptRequired(name: string, type: FieldType, spec: unknown): Refusal | null {
  if (spec === type) return null;
  if (isObject(spec)) return incompatible(M.requiredChanged(name));
  return notAnObject(name, spec, isFieldType(spec) ? M.typeChanged(name, type, spec) : '');
}

/** A field given as a bare value: a type the rule refuses here (409), or no type at all (400). */
function notAnObject(name: string, spec: unknown, ruleBroken: string): Refusal {
  return isFieldType(spec)
    ? incompatible(ruleBroken)
    : malformed(SCHEMA_MESSAGES.invalidType(name, describeType(spec)));
}

function keptOptional(name: string, field: AddedField, spec: unknown): Refusal | null {
  if (!isObject(spec)) return notAnObject(name, spec, M.requiredChanged(name));
  const parsed = parseAddedField(name, spec);
  if (!parsed.ok) return parsed;
  if (parsed.field.type !== field.type)
    return incompatible(M.typeChanged(name, field.type, parsed.field.type));
  if (parsed.field.default !== field.default) return incompatible(M.defaultChanged(name));
  return null;
}

function newField(name: string, spec: unknown, added: [string, AddedField][]): Refusal | null {
  if (!isObject(spec)) return notAnObject(name, spec, M.newRequired(name));
  const parsed = parseAddedField(name, spec);
  if (!parsed.ok) return parsed;
  added.push([name, parsed.field]);
  return null;
}

const SPEC_KEYS = new Set(['type', 'default', 'nullable']);

/** `{"type", "default"}` or `{"type", "nullable": true}`: exactly one way to fill rows that lack it. */
function parseAddedField(
  name: string,
  spec: Record<string, unknown>,
): { ok: true; field: AddedField } | Refusal {
  const { type } = spec;
  if (!isFieldType(type)) return malformed(SCHEMA_MESSAGES.invalidType(name, describeType(type)));
  const hasDefault = Object.hasOwn(spec, 'default');
  const nullable = spec.nullable === true;
  const strayKey = Object.keys(spec).some((key) => !SPEC_KEYS.has(key));
  if (strayKey || hasDefault === nullable || (Object.hasOwn(spec, 'nullable') && !nullable)) {
    return malformed(M.addedFieldShape(name));
  }
  if (nullable) return { ok: true, field: { type, default: null } };
  const value = defaultValue(type, spec.default);
  if (value === undefined) return malformed(M.invalidDefault(name, type));
  return { ok: true, field: { type, default: value } };
}

/** The default as rows store it (a timestamp normalized), or undefined when it is not of the type. */
function defaultValue(type: FieldType, value: unknown): AddedDefault | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.length <= MAX_DEFAULT_LENGTH
        ? value.toWellFormed()
        : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'timestamp':
      return normalizeTimestamp(value) ?? undefined;
  }
}

/** Every field a query may name, with its type: registered ones, then added ones. */
export function queryableSchema(schema: VersionedSchema): DatasetSchema {
  const added = Object.entries(schema.added).map(([name, field]) => [name, field.type] as const);
  return { fields: { ...schema.fields, ...Object.fromEntries(added) } };
}
