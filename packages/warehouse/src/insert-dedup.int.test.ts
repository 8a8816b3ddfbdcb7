import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quoteIdentifier } from './identifiers.ts';
import { uniqueTableName, warehouseBackends } from './test-backends.ts';
import { createWarehouse, type Warehouse } from './warehouse.ts';

const countByValue = z.object({ value: z.number(), n: z.string() });

for (const backend of warehouseBackends('insert deduplication')) {
  describe.skipIf(backend.skip)(backend.title, () => {
    let warehouse: Warehouse;
    const windowed = uniqueTableName('dedup_windowed');
    const plain = uniqueTableName('dedup_plain');

    beforeAll(async () => {
      warehouse = createWarehouse(await backend.config());
      for (const [table, settings] of [
        [windowed, 'SETTINGS non_replicated_deduplication_window = 1000'],
        [plain, ''],
      ]) {
        await warehouse.command({
          name: 'test.create_dedup',
          sql: `CREATE TABLE ${quoteIdentifier(table ?? '')} (value UInt32) ENGINE = MergeTree ORDER BY value ${settings}`,
        });
      }
    });
    afterAll(async () => {
      for (const table of [windowed, plain]) {
        await warehouse?.command({
          name: 'test.drop_dedup',
          sql: `DROP TABLE IF EXISTS ${quoteIdentifier(table)}`,
        });
      }
      await warehouse?.close();
    });

    const counts = (table: string) =>
      warehouse.query({
        name: 'test.dedup_counts',
        sql: `SELECT value, count() AS n FROM ${quoteIdentifier(table)} GROUP BY value ORDER BY value`,
        schema: countByValue,
      });

    it('stores a block once when the same token is inserted twice into a windowed table', async () => {
      await warehouse.insert({ table: windowed, rows: [{ value: 1 }, { value: 2 }], dedupToken: 'batch-1' });
      await warehouse.insert({ table: windowed, rows: [{ value: 1 }, { value: 2 }], dedupToken: 'batch-1' });
      // The token alone identifies the block: different rows under a used token are dropped too.
      await warehouse.insert({ table: windowed, rows: [{ value: 3 }], dedupToken: 'batch-1' });
      expect(await counts(windowed)).toEqual([
        { value: 1, n: '1' },
        { value: 2, n: '1' },
      ]);
    });

    it('stores an untokened insert that follows a tokened one', async () => {
      await warehouse.insert({ table: windowed, rows: [{ value: 10 }], dedupToken: 'batch-2' });
      await warehouse.insert({ table: windowed, rows: [{ value: 11 }] });
      expect((await counts(windowed)).map((row) => row.value)).toEqual(expect.arrayContaining([10, 11]));
    });

    it('stores both copies on a table without a deduplication window', async () => {
      await warehouse.insert({ table: plain, rows: [{ value: 1 }], dedupToken: 'batch-1' });
      await warehouse.insert({ table: plain, rows: [{ value: 1 }], dedupToken: 'batch-1' });
      expect(await counts(plain)).toEqual([{ value: 1, n: '2' }]);
    });
  });
}
