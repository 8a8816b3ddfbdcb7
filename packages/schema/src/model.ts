/** The four field types a dataset schema may declare (contract §1). */
export const FIELD_TYPES = ['string', 'number', 'boolean', 'timestamp'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A registered dataset schema: declared field name → type. Immutable once registered. */
export interface DatasetSchema {
  fields: Record<string, FieldType>;
}

/** Standard fields every record carries besides the declared ones. */
export const STANDARD_FIELDS = ['timestamp', 'context'] as const;

/** A field's value when a record leaves it out: its default, or null (a nullable column). */
export type AddedDefault = string | number | boolean | null;

/** A field a later schema version added. Records may leave it out; their rows read `default`. */
export interface AddedField {
  type: FieldType;
  default: AddedDefault;
}

/** Fields added by versions 2, 3, …, in the order they were added. */
export type AddedFields = Record<string, AddedField>;
