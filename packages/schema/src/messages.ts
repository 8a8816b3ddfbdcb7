import type { FieldType } from './model.ts';

/**
 * Every ingest error message of the wire contract (§2), wire-exact, in the contract's order.
 * Gateway and SDK both answer from here, so a client sees the same text from either.
 */
export const INGEST_MESSAGES = {
  invalidDatasetId: 'Invalid dataset ID',
  projectNotFound: 'Project not found in API token claims',
  schemaNotFound: 'Dataset schema not found',
  invalidJson: 'Invalid JSON body',
  payloadNotObject: 'Payload must be an object',
  batchNotArray: 'Batch body must be a non-empty array',
  invalidTimestamp: 'Invalid or missing timestamp',
  contextNotObject: 'context must be an object',
  // Ours: a context that is an object but nested past what JSON serialization handles.
  contextTooDeep: 'context is nested too deeply to store as JSON',
  extraField: (name: string) => `Extra field: ${name}`,
  missingField: (name: string) => `Missing field: ${name}`,
  invalidStringField: (name: string) => `Invalid string field: ${name}`,
  invalidNumberField: (name: string) => `Invalid number field: ${name}`,
  invalidBooleanField: (name: string) => `Invalid boolean field: ${name}`,
  invalidTimestampField: (name: string) => `Invalid timestamp field: ${name}`,
} as const;

/** The type-mismatch message for a declared field of the given type. */
export function invalidFieldMessage(type: FieldType, name: string): string {
  switch (type) {
    case 'string':
      return INGEST_MESSAGES.invalidStringField(name);
    case 'number':
      return INGEST_MESSAGES.invalidNumberField(name);
    case 'boolean':
      return INGEST_MESSAGES.invalidBooleanField(name);
    case 'timestamp':
      return INGEST_MESSAGES.invalidTimestampField(name);
  }
}

/** Schema registration messages (400). The contract leaves these to us; see docs in schema-definition.ts. */
export const SCHEMA_MESSAGES = {
  bodyNotObject: 'Schema body must be an object',
  fieldsNotObject: 'fields must be an object of field name to type',
  noFields: 'Schema must declare at least one field',
  tooManyFields: (max: number) => `Schema declares too many fields (at most ${max})`,
  nameTooLong: (name: string, max: number) => `Field name too long (at most ${max} characters): ${name}`,
  invalidName: (name: string) => `Invalid field name: ${name}`,
  reservedName: (name: string) => `Reserved field name: ${name}`,
  invalidType: (name: string, type: string) => `Invalid field type for ${name}: ${type}`,
} as const;

const ONLY_ADDITIVE = 'a new version may only add optional fields (docs/api.md, "Schema versions")';

/** Schema version messages: 400 for a malformed body, 409 for a change the compatibility rule refuses. */
export const VERSION_MESSAGES = {
  nothingAdded: 'A new schema version must add at least one field',
  addedFieldShape: (name: string) =>
    `Added field ${name} must be {"type": …, "default": …} or {"type": …, "nullable": true}`,
  invalidDefault: (name: string, type: FieldType) => `Invalid default for ${name}: expected a ${type}`,
  removed: (name: string) =>
    `Incompatible schema version: field ${name} is missing; ${ONLY_ADDITIVE}, so removing or renaming one needs a new dataset`,
  typeChanged: (name: string, from: string, to: string) =>
    `Incompatible schema version: field ${name} changes type (${from} to ${to}); ${ONLY_ADDITIVE}`,
  requiredChanged: (name: string) =>
    `Incompatible schema version: field ${name} changes between required and optional; ${ONLY_ADDITIVE}`,
  defaultChanged: (name: string) =>
    `Incompatible schema version: field ${name} changes its default; ${ONLY_ADDITIVE}`,
  newRequired: (name: string) =>
    `Incompatible schema version: new field ${name} is required; ${ONLY_ADDITIVE} (give it a "default" or "nullable": true)`,
} as const;
