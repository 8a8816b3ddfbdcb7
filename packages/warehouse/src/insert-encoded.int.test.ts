import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quoteIdentifier } from './identifiers.ts';
import { isRowsFault } from './isolate-refused.ts';
import { uniqueTableName, warehouseBackends } from './test-backends.ts';
import { createWarehouse, type Warehouse } from './warehouse.ts';

const stored = z.object({ id: z.number(), name: z.string(), at: z.string() });
const lines = (...rows: object[]) => ({
  format: 'JSONEachRow' as const,
  bytes: Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join('')),
});

for (const backend of warehouseBackends('inserting a body already encoded')) {
  describe.skipIf(backend.skip)(backend.title, () => {
    let warehouse: Warehouse;
    const table = uniqueTableName('encoded');

    beforeAll(async () => {
      warehouse = createWarehouse(await backend.config());
      await warehouse.command({
        name: 'test.create_encoded',
        sql: `CREATE TABLE ${quoteIdentifier(table)} (id UInt32, name String, at DateTime64(3, 'UTC'), CONSTRAINT positive CHECK id > 0)
              ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 1000`,
      });
    });
    afterAll(async () => {
      await warehouse?.command({
        name: 'test.drop_encoded',
        sql: `DROP TABLE IF EXISTS ${quoteIdentifier(table)}`,
      });
      await warehouse?.close();
    });

    const rows = () =>
      warehouse.query({
        name: 'test.encoded_rows',
        sql: `SELECT id, name, toString(at) AS at FROM ${quoteIdentifier(table)} ORDER BY id`,
        schema: stored,
      });

    it('stores JSONEachRow lines as they are, once per deduplication token', async () => {
      const body = lines(
        { id: 1, name: 'zoë "quoted"', at: '2026-06-10 12:00:00.123' },
        { id: 2, name: '', at: '2026-06-10T12:00:01.5Z' },
      );
      await warehouse.insert({ table, encoded: body, dedupToken: 'encoded-1' });
      await warehouse.insert({ table, encoded: body, dedupToken: 'encoded-1' });
      expect(await rows()).toEqual([
        { id: 1, name: 'zoë "quoted"', at: '2026-06-10 12:00:00.123' },
        { id: 2, name: '', at: '2026-06-10 12:00:01.500' },
      ]);
    });

    it('answers a refused row as a rows fault naming the row, and stores none of the block', async () => {
      const body = lines(
        { id: 3, name: 'fine', at: '2026-06-10 12:00:00.000' },
        { id: 0, name: 'refused', at: '2026-06-10 12:00:00.000' },
      );
      const failure = await warehouse
        .insert({ table, encoded: body, dedupToken: 'encoded-2' })
        .catch((error: unknown) => error);
      expect(isRowsFault(failure)).toBe(true);
      expect(String((failure as Error).cause ?? failure)).toMatch(/at row 2\b/);
      expect((await rows()).map((row) => row.id)).toEqual([1, 2]);
    });

    it('answers a row that is not JSON as a rows fault', async () => {
      const body = { format: 'JSONEachRow' as const, bytes: Buffer.from('{"id":4,"name":"x","at":tru}\n') };
      const failure = await warehouse.insert({ table, encoded: body }).catch((error: unknown) => error);
      expect(isRowsFault(failure)).toBe(true);
    });

    // Embedded, two inserts at once run on two sessions (embedded-engine.ts): one engine, one dedup log.
    it('stores a block once when its token is inserted twice at the same time', async () => {
      const body = lines({ id: 500, name: 'twice', at: '2026-06-10 12:00:00.000' });
      await Promise.all([
        warehouse.insert({ table, encoded: body, dedupToken: 'encoded-concurrent' }),
        warehouse.insert({ table, encoded: body, dedupToken: 'encoded-concurrent' }),
      ]);
      expect((await rows()).filter((row) => row.id === 500)).toHaveLength(1);
      await warehouse.command({
        name: 'test.delete_twice',
        sql: `DELETE FROM ${quoteIdentifier(table)} WHERE id = 500`,
      });
    });

    it('stores nothing for an empty body', async () => {
      await warehouse.insert({ table, encoded: { format: 'JSONEachRow', bytes: Buffer.alloc(0) } });
      expect(await rows()).toHaveLength(2);
    });
  });
}
