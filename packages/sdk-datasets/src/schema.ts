import { type FieldType, parseSchemaDefinition } from '@quarry/schema';

export type { FieldType };

/** Declared field name → type, as registered with `POST /api/datasets/:project/:id/schema`. */
export type Fields = Readonly<Record<string, FieldType>>;

/** The standard fields the server reserves; declaring them is refused at compile time and at run time. */
type Reserved = { readonly timestamp?: never; readonly context?: never };

/** A dataset schema defined once in TypeScript: its fields at run time, their types at compile time. */
export interface Schema<F extends Fields = Fields> {
  readonly fields: F;
}

/** The TypeScript type a record gives a declared field. Timestamps may be ISO strings or Dates. */
export type FieldValue<T extends FieldType> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : string | Date;

type Simplify<T> = { [K in keyof T]: T[K] };

/** A record of a dataset: the standard `timestamp` and `context` plus exactly the declared fields. */
export type RecordOf<S extends Schema> = Simplify<
  { timestamp: string | Date; context: Record<string, unknown> } & {
    -readonly [K in keyof S['fields']]: FieldValue<S['fields'][K]>;
  }
>;

/**
 * Defines a schema and checks it with the server's own rules (names, reserved names, types, limits),
 * throwing the message the server would answer: a bad schema fails here, not at registration.
 */
export function defineSchema<const F extends Fields>(fields: F & Reserved): Schema<F> {
  const parsed = parseSchemaDefinition({ fields });
  if (!parsed.ok) throw new TypeError(parsed.message);
  return Object.freeze({ fields: Object.freeze({ ...fields }) });
}

/** Each field where the registered schema and the code's differ, said in words; empty when equal. */
export function schemaDifferences(registered: Fields, code: Fields): string[] {
  const names = [...new Set([...Object.keys(code), ...Object.keys(registered)])];
  return names.flatMap((name) => {
    const there = Object.hasOwn(registered, name) ? registered[name] : undefined;
    const here = Object.hasOwn(code, name) ? code[name] : undefined;
    if (there === here) return [];
    if (there === undefined) return [`${name} is ${here} in the code but not registered`];
    if (here === undefined) return [`${name} is registered as ${there} but not in the code`];
    return [`${name} is registered as ${there} but ${here} in the code`];
  });
}
