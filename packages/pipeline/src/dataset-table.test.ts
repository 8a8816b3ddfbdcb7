import { describe, expect, it } from 'vitest';
import { datasetTableDdl, datasetTableName } from './dataset-table.ts';

describe('dataset tables', () => {
  it('names a table from the numeric id only', () => {
    expect(datasetTableName(13)).toBe('ds_13');
    expect(() => datasetTableName(0)).toThrow();
    expect(() => datasetTableName(1.5)).toThrow();
  });

  it('maps every field type to a typed column, after the standard columns', () => {
    const ddl = datasetTableDdl(13, {
      fields: { country: 'string', amount: 'number', active: 'boolean', signup_at: 'timestamp' },
    });
    expect(ddl).toContain('CREATE TABLE `ds_13`');
    expect(ddl).toContain("`timestamp` DateTime64(3, 'UTC')");
    expect(ddl).toContain('`context` String');
    expect(ddl).toContain('`__traceId` String');
    expect(ddl).toContain('`country` String');
    expect(ddl).toContain('`amount` Float64');
    expect(ddl).toContain('`active` Bool');
    expect(ddl).toContain("`signup_at` DateTime64(3, 'UTC')");
    expect(ddl).toContain('PARTITION BY toYYYYMM(`timestamp`)');
  });
});
