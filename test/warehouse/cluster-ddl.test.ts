import { ddlCases } from '@quarry/pipeline/testing';
import { tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// No ClickHouse cluster can run here (no server, no Keeper: docs/operations.md, "Cluster mode"): the
// real engine's parser is what checks the cluster statements, and chDB runs the single-server ones.
const CLUSTER = { name: 'quarry', database: 'quarry' };
const Formatted = z.object({ formatted: z.string() });

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('cluster-ddl') });
});
afterAll(() => warehouse?.close());

const parse = async (sql: string) => {
  const [row] = await warehouse.query({
    name: 'test.format_ddl',
    sql: 'SELECT formatQuery({sql:String}) AS formatted',
    params: { sql },
    schema: Formatted,
  });
  return row?.formatted ?? '';
};

describe('cluster DDL on the real engine', () => {
  it('parses every cluster statement, each still ON CLUSTER once formatted', async () => {
    for (const [label, statements] of ddlCases(CLUSTER)) {
      for (const sql of statements) expect(await parse(sql), label).toContain('ON CLUSTER quarry');
    }
  });

  it('refuses a statement with a syntax slip, so a broken one above would have failed', async () => {
    const distributed = ddlCases(CLUSTER)[0]?.[1][1] ?? '';
    expect(await parse(distributed)).toContain('Distributed(');
    // 62: SYNTAX_ERROR.
    await expect(
      parse(distributed.replace('ENGINE = Distributed(', 'ENGINE = Distributed')),
    ).rejects.toMatchObject({
      code: '62',
    });
  });

  it('runs every single-server statement on chDB, each change on a table that exists', async () => {
    // The table with a retention, which the retention cases change or remove.
    const [create = ''] = ddlCases(undefined)[1]?.[1] ?? [];
    for (const [label, statements] of ddlCases(undefined)) {
      await warehouse.command({ name: 'test.reset', sql: 'DROP TABLE IF EXISTS `ds_13`' });
      if (!label.startsWith('dataset table')) await warehouse.command({ name: 'test.create', sql: create });
      for (const sql of statements) {
        const params = sql.includes('{p0:String}') ? { p0: 'RO' } : undefined;
        await warehouse.command({ name: 'test.ddl', sql, ...(params ? { params } : {}) });
      }
    }
  });
});
