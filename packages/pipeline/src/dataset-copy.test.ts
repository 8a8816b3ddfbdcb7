import { describe, expect, it } from 'vitest';
import { planCopy } from './dataset-copy.ts';

const source = {
  id: 7,
  schema: {
    fields: { country: 'string', amount: 'number', paid: 'boolean', at: 'timestamp' },
    added: { coupon: { type: 'string', default: null } },
  },
} as const;

const target = (fields: Record<string, 'string' | 'number' | 'boolean' | 'timestamp'>, added = {}) => ({
  id: 9,
  schema: { fields, added },
});

describe('planCopy', () => {
  it('copies fields by name or mapping, converts into text, and leaves unmatched added fields to their default', () => {
    const result = planCopy(
      target(
        { nation: 'string', amount: 'string', paid: 'string', at: 'string' },
        { note: { type: 'string', default: 'x' } },
      ),
      {
        id: source.id,
        schema: { ...source.schema, fields: { ...source.schema.fields }, added: { ...source.schema.added } },
      },
      { nation: 'country' },
    );
    expect(result).toEqual({
      ok: true,
      plan: {
        fields: { nation: 'country', amount: 'amount', paid: 'paid', at: 'at' },
        sql: [
          'INSERT INTO `ds_9` (`timestamp`, `context`, `__traceId`, `__ingestedAt`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`, `nation`, `amount`, `paid`, `at`)',
          'SETTINGS insert_deduplicate = 0',
          "SELECT `timestamp`, `context`, `__traceId`, `__ingestedAt`, `__sourcePartition`, `__sourceOffset`, `__sourceIndex`, `country`, toString(`amount`), if(`paid`, 'true', 'false'), concat(replaceOne(toString(`at`), ' ', 'T'), 'Z') FROM `ds_7`",
          'WHERE toYYYYMM(`timestamp`) = {month:UInt32}',
        ].join('\n'),
        countSql: 'SELECT count() AS n FROM `ds_7` WHERE toYYYYMM(`timestamp`) = {month:UInt32}',
      },
    });
  });

  it('refuses what would lose or invent values, naming the field', () => {
    const copy = (fields: Parameters<typeof target>[0], mapping?: Record<string, string>) =>
      planCopy(
        target(fields),
        { id: source.id, schema: { fields: { ...source.schema.fields }, added: { ...source.schema.added } } },
        mapping,
      );
    expect(copy({ nation: 'string' })).toEqual({
      ok: false,
      message: 'Field nation has no source field; name one in "fields"',
    });
    expect(copy({ amount: 'boolean' })).toEqual({
      ok: false,
      message: 'Cannot copy amount (number) into amount (boolean): only into the same type, or into a string',
    });
    expect(copy({ coupon: 'string' })).toEqual({
      ok: false,
      message: 'Cannot copy coupon into coupon: it may be null and coupon is not nullable',
    });
    expect(copy({ amount: 'number' }, { other: 'amount' })).toEqual({
      ok: false,
      message: 'fields: other is not a field of the target dataset',
    });
  });
});
