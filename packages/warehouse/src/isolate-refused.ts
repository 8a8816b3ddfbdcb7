import { WarehouseError } from './errors.ts';

/** A row the engine refused on its own, with the engine's reason. */
export interface RefusedRow<Row> {
  row: Row;
  reason: string;
}

/** Inserts `rows` under `token`; rejects with the engine's error. */
export type InsertRows<Row> = (rows: Row[], token: string) => Promise<void>;

/** The engine refused the rows themselves: retrying the same rows cannot help. */
export function isRowsFault(error: unknown): error is WarehouseError {
  return error instanceof WarehouseError && error.rowsFault;
}

/**
 * Inserts `rows`, and when the engine refuses the block for its rows, halves it until each refused
 * row stands alone: the good rows are stored, the refused ones returned with the reason. Every part
 * gets a token derived from its parent's (`/0`, `/1`), the same on every repeat of the same rows, so
 * a repeat after a crash is deduplicated by the engine. Any other failure is thrown unchanged.
 */
export async function insertIsolatingRefused<Row>(
  insert: InsertRows<Row>,
  rows: Row[],
  token: string,
  onStored: (rows: Row[]) => Promise<void> = async () => undefined,
): Promise<RefusedRow<Row>[]> {
  if (rows.length === 0) return [];
  try {
    await insert(rows, token);
    await onStored(rows);
    return [];
  } catch (error) {
    if (!isRowsFault(error)) throw error;
    const [row] = rows;
    if (rows.length === 1 && row !== undefined) return [{ row, reason: engineReason(error) }];
  }
  const half = Math.ceil(rows.length / 2);
  const first = await insertIsolatingRefused(insert, rows.slice(0, half), `${token}/0`, onStored);
  const second = await insertIsolatingRefused(insert, rows.slice(half), `${token}/1`, onStored);
  return [...first, ...second];
}

// The engine's words without our statement name and query id, cut to what a listing can show.
function engineReason(error: WarehouseError): string {
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  return `engine code ${error.code}: ${cause.split('\n')[0]?.trim() ?? ''}`.slice(0, 1000);
}
