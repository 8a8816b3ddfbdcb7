import { describe, expect, it } from 'vitest';
import { addColumnsDdl, datasetTableDdl, datasetTableName, retentionDdl } from './dataset-table.ts';

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

  it("adds a version's fields as nullable columns or columns with a literal default", () => {
    expect(
      addColumnsDdl(13, {
        coupon: { type: 'string', default: null },
        note: { type: 'string', default: "it's a \\ test" },
        discount: { type: 'number', default: -2.5 },
        vip: { type: 'boolean', default: false },
        seen_at: { type: 'timestamp', default: '2026-01-01 00:00:00.000' },
      }),
    ).toBe(
      'ALTER TABLE `ds_13` ADD COLUMN IF NOT EXISTS `coupon` Nullable(String), ' +
        "ADD COLUMN IF NOT EXISTS `note` String DEFAULT 'it\\'s a \\\\ test', " +
        'ADD COLUMN IF NOT EXISTS `discount` Float64 DEFAULT toFloat64(-2.5), ' +
        'ADD COLUMN IF NOT EXISTS `vip` Bool DEFAULT false, ' +
        "ADD COLUMN IF NOT EXISTS `seen_at` DateTime64(3, 'UTC') DEFAULT toDateTime64('2026-01-01 00:00:00.000', 3, 'UTC')",
    );
  });

  it('states retention as a TTL on the record timestamp, at creation or later', () => {
    expect(datasetTableDdl(13, { fields: { a: 'string' } }, { retentionDays: 30 })).toContain(
      'TTL `timestamp` + INTERVAL 30 DAY',
    );
    expect(datasetTableDdl(13, { fields: { a: 'string' } })).not.toContain('TTL');
    expect(retentionDdl(13, 7)).toBe('ALTER TABLE `ds_13` MODIFY TTL `timestamp` + INTERVAL 7 DAY');
    expect(retentionDdl(13, null)).toBe('ALTER TABLE `ds_13` REMOVE TTL');
    expect(() => retentionDdl(13, 1.5)).toThrow();
  });
});
