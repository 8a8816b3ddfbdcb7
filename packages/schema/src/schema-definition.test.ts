import { describe, expect, it } from 'vitest';
import { MAX_FIELD_NAME_LENGTH, MAX_FIELDS, parseSchemaDefinition } from './schema-definition.ts';

function messageFor(body: unknown): string | undefined {
  const result = parseSchemaDefinition(body);
  return result.ok ? undefined : result.message;
}

describe('parseSchemaDefinition', () => {
  it('accepts the contract example and keeps the declared order', () => {
    const fields = {
      country: 'string',
      plan: 'string',
      amount: 'number',
      active: 'boolean',
      signup_at: 'timestamp',
    };
    const result = parseSchemaDefinition({ fields });
    expect(result).toEqual({ ok: true, schema: { fields } });
    expect(result.ok && Object.keys(result.schema.fields)).toEqual(Object.keys(fields));
  });

  it('accepts names with underscores, digits and capitals, including leading underscore', () => {
    const fields = { _private: 'string', a1: 'number', CamelCase: 'boolean', x: 'timestamp', _: 'string' };
    expect(parseSchemaDefinition({ fields }).ok).toBe(true);
  });

  it('accepts names that happen to be Object.prototype members as ordinary fields', () => {
    const result = parseSchemaDefinition({
      fields: { constructor: 'string', toString: 'number', prototype: 'boolean' },
    });
    expect(result.ok && Object.keys(result.schema.fields)).toEqual(['constructor', 'toString', 'prototype']);
  });

  it('ignores properties beside fields', () => {
    expect(parseSchemaDefinition({ fields: { a: 'string' }, description: 'x' }).ok).toBe(true);
  });

  it('refuses a body or fields that are not objects', () => {
    for (const body of [null, [], 'fields', 3])
      expect(messageFor(body)).toBe('Schema body must be an object');
    for (const fields of [undefined, null, [], ['a'], 'a:string']) {
      expect(messageFor({ fields })).toBe('fields must be an object of field name to type');
    }
  });

  it('refuses an empty schema and one with too many fields', () => {
    expect(messageFor({ fields: {} })).toBe('Schema must declare at least one field');
    const many = Object.fromEntries(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => [`f${i}`, 'string']));
    expect(messageFor({ fields: many })).toBe('Schema declares too many fields (at most 200)');
    many.f0 = 'number';
    delete many[`f${MAX_FIELDS}`];
    expect(parseSchemaDefinition({ fields: many }).ok).toBe(true);
  });

  it.each(['1abc', 'has-dash', 'has space', 'dot.ted', 'é', '', 'a$'])(
    'refuses the field name %j',
    (name) => {
      expect(messageFor({ fields: { [name]: 'string' } })).toBe(`Invalid field name: ${name}`);
    },
  );

  it('refuses overlong names, showing only their start', () => {
    const name = 'a'.repeat(MAX_FIELD_NAME_LENGTH + 1);
    expect(parseSchemaDefinition({ fields: { ['a'.repeat(MAX_FIELD_NAME_LENGTH)]: 'string' } }).ok).toBe(
      true,
    );
    expect(messageFor({ fields: { [name]: 'string' } })).toBe(
      `Field name too long (at most 64 characters): ${'a'.repeat(64)}…`,
    );
  });

  it.each(['timestamp', 'context', '__traceId', '__'])('refuses the reserved name %s', (name) => {
    expect(messageFor({ fields: { [name]: 'string' } })).toBe(`Reserved field name: ${name}`);
  });

  it('refuses a __proto__ key that JSON.parse made an own property', () => {
    const body = JSON.parse('{"fields": {"ok": "string", "__proto__": "string"}}');
    expect(messageFor(body)).toBe('Reserved field name: __proto__');
  });

  it.each([
    ['integer', 'integer'],
    ['String', 'String'],
    ['', ''],
    [null, 'null'],
    [1, '1'],
    [{ type: 'string' }, '{"type":"string"}'],
    ['x'.repeat(40), `${'x'.repeat(32)}…`],
  ])('refuses the field type %j', (type, shown) => {
    expect(messageFor({ fields: { amount: type } })).toBe(`Invalid field type for amount: ${shown}`);
  });

  it('answers the first problem in the body order', () => {
    expect(messageFor({ fields: { ok: 'string', '9bad': 'string', context: 'string' } })).toBe(
      'Invalid field name: 9bad',
    );
  });
});
