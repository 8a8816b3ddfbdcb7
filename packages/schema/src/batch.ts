import { INGEST_MESSAGES } from './messages.ts';
import type { RecordValidator, WarehouseRow } from './record-validator.ts';

export type BatchValidation =
  | { ok: true; rows: WarehouseRow[] }
  | { ok: false; index?: number; message: string };

/**
 * All-or-nothing batch check (contract §2): either every record's row, or the first invalid
 * record's index and message. Length limits (413) are the caller's, applied before this.
 */
export function validateBatch(validate: RecordValidator, records: unknown): BatchValidation {
  if (!Array.isArray(records) || records.length === 0) {
    return { ok: false, message: INGEST_MESSAGES.batchNotArray };
  }
  const rows: WarehouseRow[] = new Array(records.length);
  for (let index = 0; index < records.length; index++) {
    const result = validate(records[index]);
    if (!result.ok) return { ok: false, index, message: result.message };
    rows[index] = result.row;
  }
  return { ok: true, rows };
}
