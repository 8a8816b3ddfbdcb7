import { datasetTableDdl } from '@quarry/pipeline';
import { prepareQuery, type Statement, shapeResult } from '@quarry/query';
import {
  FIXTURE_RECORDS,
  FIXTURE_SCHEMA,
  FIXTURE_TARGET,
  INJECTION_STRINGS,
  JUNE,
  QUERY_CASES,
} from '@quarry/query/cases';
import { compileRecordValidator } from '@quarry/schema';
import { tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// The compiler's cases, run on the real ClickHouse engine against rows stored the way the writer
// stores them: validated by the gateway's validator, in the dataset's own typed table.
let warehouse: Warehouse;

beforeAll(async () => {
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('query-cases') });
  await warehouse.command({ name: 'create', sql: datasetTableDdl(FIXTURE_TARGET.datasetId, FIXTURE_SCHEMA) });
  const validate = compileRecordValidator(FIXTURE_SCHEMA);
  const rows = FIXTURE_RECORDS.map((record, index) => {
    const result = validate(record);
    if (!result.ok) throw new Error(`fixture ${index}: ${result.message}`);
    return {
      ...result.row,
      __traceId: `fixture-${index}`,
      __ingestedAt: '2026-06-10 00:00:00.000',
      __sourcePartition: 0,
      __sourceOffset: index,
      __sourceIndex: 0,
    };
  });
  await warehouse.insert({ table: FIXTURE_TARGET.table, rows });
});

afterAll(async () => {
  await warehouse?.close();
});

const select = ({ sql, params, settings }: Statement) =>
  warehouse.query({ name: 'test.query', sql, params, settings, schema: z.record(z.string(), z.unknown()) });

async function run(body: unknown) {
  const prepared = prepareQuery(body, FIXTURE_TARGET);
  if (!prepared.ok) throw new Error(prepared.message);
  const { totals } = prepared.compiled;
  const shaped = shapeResult(await select(prepared.compiled), prepared.compiled);
  return totals ? { ...shaped, totals: (await select(totals))[0] } : shaped;
}

describe('query cases on the ClickHouse engine', () => {
  const withExpectations = QUERY_CASES.filter((kase) => kase.expected);

  it('has an expected result for every case', () => {
    expect(withExpectations.length).toBe(QUERY_CASES.length);
  });

  it.each(withExpectations)('$name', async ({ body, expected }) => {
    expect(await run(body)).toEqual(expected);
  });

  it('treats hostile strings as plain values and leaves the table intact', async () => {
    for (const hostile of INJECTION_STRINGS) {
      const result = await run({
        range: JUNE,
        select: [{ aggregate: 'count', as: 'n' }],
        where: {
          or: [
            { field: 'country', op: 'eq', value: hostile },
            { field: 'plan', op: 'contains', value: hostile },
          ],
        },
      });
      expect(Number((result.rows[0] as { n: string }).n)).toBeLessThanOrEqual(1);
    }
    const all = await run({
      range: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
      select: [{ aggregate: 'count', as: 'n' }],
    });
    expect(all.rows).toEqual([{ n: String(FIXTURE_RECORDS.length) }]);
  });
});
