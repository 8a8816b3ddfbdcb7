import { datasetTableDdl, datasetTableName, LOGS_TABLE_DDL } from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import type { Warehouse } from '@quarry/warehouse';
import fc from 'fast-check';
import { validateLogEvent } from '../../../packages/logs/src/index.ts';
import { validRecord } from './arbitraries/records.ts';
import type { Fields, FuzzDataset } from './tenant.ts';

const ROWS = 300;
const DATA_SEED = 20_260_610;
const SOURCE = { __sourcePartition: 0, __sourceOffset: 0, __sourceIndex: 0 };
// Scratch copies of the dataset tables, far from the catalog's ids (this chDB is the test file's own).
const SCRATCH_IDS = 1_000_000_000_000;

/** Where the storage property writes: a table like the dataset's, so queries keep their fixed data. */
export const scratchTable = (dataset: FuzzDataset) => datasetTableName(SCRATCH_IDS + dataset.id);

/** Records as the gateway's validator turns them into rows, with the writer's columns added. */
export function datasetRows(fields: Fields, records: unknown[]): Record<string, unknown>[] {
  const validate = compileRecordValidator({ fields });
  return records.map((record, index) => {
    const result = validate(record);
    if (!result.ok) throw new Error(`record ${index} is not valid: ${result.message}`);
    return {
      ...result.row,
      __traceId: `fuzz-${index}`,
      __ingestedAt: '2026-06-10 00:00:00.000',
      ...SOURCE,
      __sourceOffset: index,
    };
  });
}

/** Events as the gateway's validator normalizes them, in the writer's `logs` row shape. */
export function logRows(projectId: number, events: unknown[]): Record<string, unknown>[] {
  return events.map((input, index) => {
    const result = validateLogEvent(input);
    if (!result.ok) throw new Error(`event ${index} is not valid: ${result.message}`);
    const { event } = result;
    return {
      project_id: projectId,
      ...event,
      trace_id: `fuzz-${index}`,
      ingested_at: event.timestamp,
      retention_days: 7,
      ...SOURCE,
      __sourceIndex: index,
    };
  });
}

/**
 * Generated records stored the way the writer stores them, so queries meet real data: hostile
 * strings, extreme numbers (sums that overflow), timestamps across the whole column range. A fixed
 * seed keeps the data the same from run to run; the queries are what varies. Also creates `logs`
 * and the scratch tables.
 */
export async function prepareWarehouse(warehouse: Warehouse, datasets: FuzzDataset[]): Promise<void> {
  await warehouse.command({ name: 'fuzz.logs_table', sql: LOGS_TABLE_DDL });
  for (const dataset of datasets) {
    const scratch = {
      name: 'fuzz.scratch_table',
      sql: datasetTableDdl(SCRATCH_IDS + dataset.id, { fields: dataset.fields }),
    };
    await warehouse.command(scratch);
    const records = fc.sample(validRecord(dataset.fields), { numRuns: ROWS, seed: DATA_SEED });
    await warehouse.insert({
      table: datasetTableName(dataset.id),
      rows: datasetRows(dataset.fields, records),
    });
  }
}
