import { describe, expect, it } from 'vitest';
import { compileRecordValidator } from './record-validator.ts';
import { checkSchemaVersion, queryableSchema, type VersionedSchema } from './schema-version.ts';

const V1: VersionedSchema = { fields: { country: 'string', amount: 'number' }, added: {} };
const V2: VersionedSchema = { ...V1, added: { coupon: { type: 'string', default: null } } };

const refusal = (current: VersionedSchema, fields: unknown) => {
  const result = checkSchemaVersion(current, { fields });
  return result.ok ? undefined : { status: result.status, message: result.message };
};

describe('checkSchemaVersion', () => {
  it('accepts the earlier fields unchanged plus optional ones, and returns only the added fields', () => {
    const result = checkSchemaVersion(V2, {
      fields: {
        country: 'string',
        amount: 'number',
        coupon: { type: 'string', nullable: true },
        discount: { type: 'number', default: 0 },
        seen_at: { type: 'timestamp', default: '2026-01-01T00:00:00+02:00' },
        vip: { type: 'boolean', nullable: true },
      },
    });
    expect(result).toEqual({
      ok: true,
      added: {
        discount: { type: 'number', default: 0 },
        seen_at: { type: 'timestamp', default: '2025-12-31 22:00:00.000' },
        vip: { type: 'boolean', default: null },
      },
    });
  });

  it('refuses a removed or renamed field with 409 naming it and the rule', () => {
    expect(refusal(V1, { country: 'string', total: { type: 'number', default: 0 } })).toEqual({
      status: 409,
      message:
        'Incompatible schema version: field amount is missing; a new version may only add optional fields (docs/api.md, "Schema versions"), so removing or renaming one needs a new dataset',
    });
    expect(
      refusal(V2, { country: 'string', amount: 'number', x: { type: 'number', default: 1 } })?.message,
    ).toMatch(/^Incompatible schema version: field coupon is missing/);
  });

  it('refuses a type change, required made optional, an optional default changed, and a new required field', () => {
    expect(refusal(V1, { country: 'string', amount: 'string', x: { type: 'number', default: 1 } })).toEqual({
      status: 409,
      message: expect.stringMatching(
        /^Incompatible schema version: field amount changes type \(number to string\)/,
      ),
    });
    expect(refusal(V1, { country: { type: 'string', nullable: true }, amount: 'number' })?.message).toMatch(
      /field country changes between required and optional/,
    );
    expect(
      refusal(V2, { country: 'string', amount: 'number', coupon: { type: 'string', default: 'none' } })
        ?.message,
    ).toMatch(/field coupon changes its default/);
    expect(refusal(V1, { country: 'string', amount: 'number', plan: 'string' })).toEqual({
      status: 409,
      message: expect.stringMatching(
        /^Incompatible schema version: new field plan is required; .*"nullable": true\)$/,
      ),
    });
  });

  it('refuses malformed bodies with 400', () => {
    expect(refusal(V1, { country: 'string', amount: 'number' })).toEqual({
      status: 400,
      message: 'A new schema version must add at least one field',
    });
    expect(refusal(V1, { country: 'string', amount: 'number', x: { type: 'number' } })).toEqual({
      status: 400,
      message: 'Added field x must be {"type": …, "default": …} or {"type": …, "nullable": true}',
    });
    expect(
      refusal(V1, { country: 'string', amount: 'number', x: { type: 'number', default: 1, nullable: true } })
        ?.status,
    ).toBe(400);
    expect(refusal(V1, { country: 'string', amount: 'number', x: { type: 'number', default: '1' } })).toEqual(
      {
        status: 400,
        message: 'Invalid default for x: expected a number',
      },
    );
    expect(
      refusal(V1, { country: 'string', amount: 'number', x: { type: 'integer', nullable: true } })?.message,
    ).toBe('Invalid field type for x: integer');
    expect(
      refusal(V1, { country: 'string', amount: 'number', __x: { type: 'string', nullable: true } })?.message,
    ).toBe('Reserved field name: __x');
    expect(checkSchemaVersion(V1, [])).toEqual({
      ok: false,
      status: 400,
      message: 'Schema body must be an object',
    });
  });
});

describe('a validator with added fields', () => {
  const validate = compileRecordValidator(V2, V2.added);
  const base = { timestamp: '2026-06-10T10:00:00Z', context: {}, country: 'RO', amount: 1 };

  it('accepts records of either version and leaves an absent added field out of the row', () => {
    expect(validate(base)).toEqual({
      ok: true,
      row: { timestamp: '2026-06-10 10:00:00.000', context: '{}', country: 'RO', amount: 1 },
    });
    expect(validate({ ...base, coupon: 'WELCOME' })).toMatchObject({ ok: true, row: { coupon: 'WELCOME' } });
  });

  it('type-checks an added field after the required ones, and still refuses undeclared fields', () => {
    expect(validate({ ...base, coupon: 5 })).toEqual({ ok: false, message: 'Invalid string field: coupon' });
    expect(validate({ ...base, amount: 'x', coupon: 5 })).toEqual({
      ok: false,
      message: 'Invalid number field: amount',
    });
    expect(validate({ ...base, coupon: null })).toEqual({
      ok: false,
      message: 'Invalid string field: coupon',
    });
    expect(validate({ ...base, other: 1 })).toEqual({ ok: false, message: 'Extra field: other' });
  });

  it('lets queries name every field of every version', () => {
    expect(queryableSchema(V2)).toEqual({
      fields: { country: 'string', amount: 'number', coupon: 'string' },
    });
  });
});
