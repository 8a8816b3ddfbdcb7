import { describe, expect, it } from 'vitest';
import { compileRecordFilter, parseRecordFilter } from './record-filter.ts';

const SCHEMA = { fields: { email: 'string', amount: 'number' } } as const;
const RANGE = { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' };

function compiled(body: unknown) {
  const parsed = parseRecordFilter(body);
  if (!parsed.ok) return parsed;
  return compileRecordFilter(parsed.filter, { fields: { ...SCHEMA.fields } });
}

describe('record filters (what a delete by filter touches)', () => {
  it('renders the range and the where on unqualified columns, every value a parameter', () => {
    const result = compiled({ range: RANGE, where: { field: 'email', op: 'eq', value: "a'b@example.com" } });
    expect(result).toEqual({
      ok: true,
      compiled: {
        sql: "`timestamp` >= {p0:DateTime64(3,'UTC')} AND `timestamp` <= {p1:DateTime64(3,'UTC')} AND `email` = {p2:String}",
        params: { p0: '2026-06-10 00:00:00.000', p1: '2026-06-10 23:59:59.000', p2: "a'b@example.com" },
      },
    });
  });

  it('requires a range, and refuses unknown keys, fields and reversed ranges', () => {
    expect(compiled({ where: { field: 'email', op: 'eq', value: 'x' } })).toMatchObject({ ok: false });
    expect(compiled({ range: RANGE, sql: 'DROP TABLE' })).toEqual({ ok: false, message: 'Unknown key: sql' });
    expect(compiled({ range: RANGE, where: { field: 'nope', op: 'eq', value: 1 } })).toEqual({
      ok: false,
      message: 'Unknown field: nope',
    });
    expect(compiled({ range: { from: RANGE.to, to: RANGE.from } })).toEqual({
      ok: false,
      message: 'range.from must not be after range.to',
    });
    expect(compiled({ range: RANGE, where: { field: 'amount', op: 'eq', value: 'x' } })).toEqual({
      ok: false,
      message: 'Invalid number value for field: amount',
    });
  });
});
