import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quoteIdentifier } from './identifiers.ts';
import { uniqueTableName, warehouseBackends } from './test-backends.ts';
import { createWarehouse, type Warehouse } from './warehouse.ts';

for (const backend of warehouseBackends('inserts across many partitions')) {
  describe.skipIf(backend.skip)(backend.title, () => {
    let warehouse: Warehouse;
    const table = uniqueTableName('monthly');

    beforeAll(async () => {
      warehouse = createWarehouse(await backend.config());
      await warehouse.command({
        name: 'test.create_monthly',
        sql: `CREATE TABLE ${quoteIdentifier(table)} (ts DateTime64(3, 'UTC')) ENGINE = MergeTree
              PARTITION BY toYYYYMM(ts) ORDER BY ts`,
      });
    });
    afterAll(async () => {
      await warehouse?.command({
        name: 'test.drop_monthly',
        sql: `DROP TABLE IF EXISTS ${quoteIdentifier(table)}`,
      });
      await warehouse?.close();
    });

    // Dataset tables are partitioned like this one; a backfill batch spans as many months as it likes.
    it('stores one insert whose rows span more than a hundred monthly partitions', async () => {
      const rows = Array.from({ length: 150 }, (_, month) => ({
        ts: new Date(Date.UTC(1990, month, 15)).toISOString(),
      }));
      await warehouse.insert({ table, rows });
      const [stored] = await warehouse.query({
        name: 'test.count_monthly',
        sql: `SELECT count() AS n FROM ${quoteIdentifier(table)}`,
        schema: z.object({ n: z.string() }),
      });
      expect(stored?.n).toBe('150');
    });
  });
}
