import { LOGS_TABLE } from '@quarry/pipeline';
import { quoteIdentifier } from '@quarry/warehouse';
import fc from 'fast-check';
import { ContractViolation } from '../answers.ts';
import { validEvent } from '../arbitraries/events.ts';
import { validRecord } from '../arbitraries/records.ts';
import { property } from '../property.ts';
import { datasetRows, logRows, scratchTable } from '../rows.ts';

// Rows spread over centuries make a part per month: the tables are emptied now and then, or parts pile up.
const TRUNCATE_EVERY = 100;
let inserts = 0;

/**
 * Contract §5: nothing answered 202 is lost. What the gateway's validators accept must be what the
 * warehouse can store: an insert the engine refuses would send the whole request to the dead letters.
 */
export const storesWhatIsAccepted = property(
  'warehouse: every record and log event the gateway accepts can be stored',
  4,
  ({ tenant }) =>
    fc.oneof(
      fc
        .constantFrom(tenant.orders, tenant.byDefault)
        .chain((dataset) =>
          fc
            .array(validRecord(dataset.fields), { minLength: 1, maxLength: 5 })
            .map((records) => ({ dataset, records })),
        ),
      fc
        .array(validEvent, { minLength: 1, maxLength: 5 })
        .map((events) => ({ dataset: undefined, records: events })),
    ),
  async (stack, { dataset, records }) => {
    const table = dataset ? scratchTable(dataset) : LOGS_TABLE;
    const rows = dataset ? datasetRows(dataset.fields, records) : logRows(stack.tenant.orders.id, records);
    try {
      await stack.warehouse.insert({ table, rows });
    } catch (error) {
      throw new ContractViolation(
        `the warehouse refused accepted rows: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    inserts += 1;
    if (inserts % TRUNCATE_EVERY !== 0) return;
    await stack.warehouse.command({ name: 'fuzz.truncate', sql: `TRUNCATE TABLE ${quoteIdentifier(table)}` });
  },
);
