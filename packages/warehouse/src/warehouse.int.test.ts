import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WarehouseError } from './errors.ts';
import { quoteIdentifier } from './identifiers.ts';
import { uniqueTableName, warehouseBackends } from './test-backends.ts';
import { createWarehouse, type Warehouse } from './warehouse.ts';

for (const backend of warehouseBackends('warehouse')) {
  describe.skipIf(backend.skip)(backend.title, () => {
    let warehouse: Warehouse;
    const table = uniqueTableName('events');

    beforeAll(async () => {
      warehouse = createWarehouse(await backend.config());
      await warehouse.command({
        name: 'test.create_events',
        sql: `CREATE TABLE ${quoteIdentifier(table)} (
                timestamp DateTime64(3, 'UTC'), active Bool, country LowCardinality(String), amount Float64
              ) ENGINE = MergeTree ORDER BY timestamp`,
      });
      await warehouse.insert({
        table,
        rows: [
          { timestamp: '2026-06-10T12:00:00.123Z', active: true, country: 'RO', amount: 12.5 },
          { timestamp: '2026-06-10T12:00:00.124Z', active: false, country: 'US', amount: 5 },
          { timestamp: new Date('2026-06-10T13:00:00Z'), active: true, country: 'RO', amount: 50 },
        ],
      });
    });
    afterAll(async () => {
      await warehouse?.command({
        name: 'test.drop_events',
        sql: `DROP TABLE IF EXISTS ${quoteIdentifier(table)}`,
      });
      await warehouse?.close();
    });

    it('answers a ping', async () => {
      await expect(warehouse.ping()).resolves.toBeUndefined();
    });

    it("hands over a SELECT's rows as the engine's JSON text, one per row, none for no rows", async () => {
      const sql = `SELECT country, count() AS events FROM ${quoteIdentifier(table)}
                   WHERE amount > {above:Float64} GROUP BY country ORDER BY country`;
      const rows = await warehouse.queryJsonRows({ name: 'test.json_rows', sql, params: { above: 1 } });
      expect(rows).toEqual(['{"country":"RO","events":"2"}', '{"country":"US","events":"1"}']);
      const none = await warehouse.queryJsonRows({ name: 'test.json_rows', sql, params: { above: 1000 } });
      expect(none).toEqual([]);
    });

    it('groups typed columns behind a bound parameter and returns counts as strings', async () => {
      const rows = await warehouse.query({
        name: 'test.by_country',
        sql: `SELECT country, count() AS events, sum(amount) AS revenue, countIf(active) AS active
              FROM ${quoteIdentifier(table)} WHERE timestamp >= {from:DateTime64(3, 'UTC')}
              GROUP BY country ORDER BY country`,
        params: { from: '2026-06-10 00:00:00.000' },
        schema: z.object({
          country: z.string(),
          events: z.string(),
          revenue: z.number(),
          active: z.string(),
        }),
      });
      expect(rows).toEqual([
        { country: 'RO', events: '2', revenue: 62.5, active: '2' },
        { country: 'US', events: '1', revenue: 5, active: '0' },
      ]);
    });

    it('reads DateTime64 and Bool values back as stored', async () => {
      const rows = await warehouse.query({
        name: 'test.read_back',
        sql: `SELECT timestamp, active FROM ${quoteIdentifier(table)} WHERE country = {country:String} ORDER BY timestamp`,
        params: { country: 'RO' },
        schema: z.object({ timestamp: z.string(), active: z.boolean() }),
      });
      expect(rows).toEqual([
        { timestamp: '2026-06-10 12:00:00.123', active: true },
        { timestamp: '2026-06-10 13:00:00.000', active: true },
      ]);
    });

    it('keeps the milliseconds of a Date parameter', async () => {
      const rows = await warehouse.query({
        name: 'test.since_date',
        sql: `SELECT count() AS n FROM ${quoteIdentifier(table)} WHERE timestamp >= {from:DateTime64(3, 'UTC')}`,
        params: { from: new Date('2026-06-10T12:00:00.124Z') },
        schema: z.object({ n: z.string() }),
      });
      expect(rows).toEqual([{ n: '2' }]);
    });

    it('returns full 64-bit integers as exact strings', async () => {
      const rows = await warehouse.query({
        name: 'test.uint64',
        sql: 'SELECT toUInt64(18446744073709551615) AS big, toInt64(-9007199254740993) AS negative',
        schema: z.object({ big: z.string(), negative: z.string() }),
      });
      expect(rows).toEqual([{ big: '18446744073709551615', negative: '-9007199254740993' }]);
    });

    it('treats a hostile string parameter as data', async () => {
      const hostile = "RO' OR 1=1 --\\\t\n";
      const rows = await warehouse.query({
        name: 'test.hostile',
        sql: `SELECT {value:String} AS echoed, (SELECT count() FROM ${quoteIdentifier(table)} WHERE country = {value:String}) AS n`,
        params: { value: hostile },
        schema: z.object({ echoed: z.string(), n: z.string() }),
      });
      expect(rows).toEqual([{ echoed: hostile, n: '0' }]);
    });

    it('names the failing statement and carries the engine error code', async () => {
      const failure = await warehouse
        .query({ name: 'test.missing_table', sql: 'SELECT 1 FROM no_such_table_here', schema: z.object({}) })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WarehouseError);
      expect(failure).toMatchObject({ statementName: 'test.missing_table', code: '60', retriable: false });
      expect((failure as WarehouseError).queryId).toMatch(/^test\.missing_table:[0-9a-f]{16}$/);
    });

    it('refuses rows that do not match the row schema', async () => {
      const query = warehouse.query({
        name: 'test.wrong_schema',
        sql: 'SELECT 1 AS n',
        schema: z.object({ n: z.string() }),
      });
      await expect(query).rejects.toThrow(/test\.wrong_schema failed: row 0/);
    });
  });
}
