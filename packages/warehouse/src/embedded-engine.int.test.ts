import { tempDir } from '@quarry/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWarehouse } from './warehouse.ts';

const newDataDir = () => tempDir('engine');
const one = { name: 'test.one', sql: 'SELECT 1 AS one', schema: z.object({ one: z.number() }) };

describe('embedded engine (one chDB data directory per process)', () => {
  it('refuses a second directory while the first is open, and opens it once the first is closed', async () => {
    const first = createWarehouse({ kind: 'embedded', dataDir: await newDataDir() });
    await first.query(one);
    const secondDir = await newDataDir();
    expect(() => createWarehouse({ kind: 'embedded', dataDir: secondDir })).toThrow(
      /one data directory per process/,
    );
    await first.close();
    const second = createWarehouse({ kind: 'embedded', dataDir: secondDir });
    await expect(second.query(one)).resolves.toEqual([{ one: 1 }]);
    await second.close();
  });

  it("does not keep one query's guards for the next read, though chDB applies settings per session", async () => {
    const warehouse = createWarehouse({ kind: 'embedded', dataDir: await newDataDir() });
    const numbers = {
      name: 'test.numbers',
      sql: 'SELECT number FROM numbers(50)',
      schema: z.object({ number: z.coerce.number() }),
    };
    await expect(warehouse.query({ ...numbers, settings: { max_result_rows: '10' } })).rejects.toThrow(
      /Limit for result/,
    );
    await expect(warehouse.query(numbers)).resolves.toHaveLength(50);
    await warehouse.close();
  });

  it('shares one engine between warehouses on the same directory until the last one closes', async () => {
    const dataDir = await newDataDir();
    const writer = createWarehouse({ kind: 'embedded', dataDir });
    const reader = createWarehouse({ kind: 'embedded', dataDir });
    await writer.command({
      name: 'test.create',
      sql: 'CREATE TABLE shared (n UInt8) ENGINE = MergeTree ORDER BY n',
    });
    await writer.insert({ table: 'shared', rows: [{ n: 7 }] });
    await writer.close();
    const rows = await reader.query({
      name: 'test.read',
      sql: 'SELECT n FROM shared',
      schema: z.object({ n: z.number() }),
    });
    expect(rows).toEqual([{ n: 7 }]);
    await reader.close();
  });

  it('keeps data across a close and reopen of the same directory', async () => {
    const dataDir = await newDataDir();
    const before = createWarehouse({ kind: 'embedded', dataDir });
    await before.command({
      name: 'test.create',
      sql: 'CREATE TABLE kept (n UInt8) ENGINE = MergeTree ORDER BY n',
    });
    await before.insert({ table: 'kept', rows: [{ n: 1 }, { n: 2 }] });
    await before.close();
    const after = createWarehouse({ kind: 'embedded', dataDir });
    const rows = await after.query({
      name: 'test.count',
      sql: 'SELECT count() AS n FROM kept',
      schema: z.object({ n: z.string() }),
    });
    expect(rows).toEqual([{ n: '2' }]);
    await after.close();
  });
});
