import { datasetTableName, LOGS_TABLE } from '@quarry/pipeline';
import type { Ledger } from './ledger.ts';
import { PER_REQUEST } from './records.ts';
import { type Rows, runWarehouseJob } from './warehouse.ts';

export interface StreamCheck {
  accepted_requests: number;
  accepted_records: number;
  stored_records: number;
  /** Accepted (202) batches with no row stored. */
  lost_batches: number;
  /** Accepted batches stored more than once, or only in part. */
  duplicated_batches: number;
  partial_batches: number;
  /** Batches answered otherwise (503, a timeout) whose rows were stored all the same: not a loss. */
  stored_without_202: number;
  exactly_once: boolean;
}

/**
 * Counts, per batch number, the rows the writer stored (in its chDB directory, after it exited) and
 * compares with what the gateway answered 202: each accepted batch must hold exactly 100 rows.
 */
export async function checkStored(options: {
  writerWarehouseDir: string;
  datasetId: number;
  projectId: number;
  datasets: Ledger[];
  logs: Ledger[];
}): Promise<{ datasets: StreamCheck; logs: StreamCheck }> {
  const results = await runWarehouseJob({
    dataDir: options.writerWarehouseDir,
    queries: {
      datasets: {
        name: 'soak.stored_datasets',
        sql: `SELECT toUInt64(batch) AS batch, count() AS n FROM \`${datasetTableName(options.datasetId)}\` GROUP BY batch`,
      },
      logs: {
        name: 'soak.stored_logs',
        sql: `SELECT JSONExtractUInt(metadata, 'batch') AS batch, count() AS n FROM \`${LOGS_TABLE}\`
          WHERE project_id = {project:UInt64} GROUP BY batch`,
        params: { project: options.projectId },
      },
    },
  });
  return {
    datasets: compare(results.datasets ?? [], options.datasets),
    logs: compare(results.logs ?? [], options.logs),
  };
}

function compare(rows: Rows, ledgers: Ledger[]): StreamCheck {
  const stored = new Map(rows.map((row) => [Number(row.batch), Number(row.n)]));
  const check: StreamCheck = {
    accepted_requests: 0,
    accepted_records: 0,
    stored_records: [...stored.values()].reduce((sum, n) => sum + n, 0),
    lost_batches: 0,
    duplicated_batches: 0,
    partial_batches: 0,
    stored_without_202: 0,
    exactly_once: false,
  };
  for (const ledger of ledgers) {
    for (const batch of ledger.accepted()) {
      check.accepted_requests++;
      const n = stored.get(batch) ?? 0;
      if (n === 0) check.lost_batches++;
      else if (n > PER_REQUEST) check.duplicated_batches++;
      else if (n < PER_REQUEST) check.partial_batches++;
    }
  }
  for (const batch of stored.keys()) {
    const status = ledgers.map((ledger) => ledger.statusOf(batch)).find((found) => found !== undefined);
    if (status !== 202) check.stored_without_202++;
  }
  check.accepted_records = check.accepted_requests * PER_REQUEST;
  check.exactly_once = check.lost_batches + check.duplicated_batches + check.partial_batches === 0;
  return check;
}
