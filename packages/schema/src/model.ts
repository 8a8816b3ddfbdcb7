/** The four field types a dataset schema may declare (contract §1). */
export const FIELD_TYPES = ['string', 'number', 'boolean', 'timestamp'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A registered dataset schema: declared field name → type. Immutable once registered. */
export interface DatasetSchema {
  fields: Record<string, FieldType>;
}

/** Standard fields every record carries besides the declared ones. */
export const STANDARD_FIELDS = ['timestamp', 'context'] as const;
