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
 * Inserts `rows`, and when the engine refuses the block for its rows, splits it until each refused
 * row stands alone: around the row the engine's message names, else in halves. The good rows are
 * stored, the refused ones returned with the reason. Every part gets a token derived from its
 * parent's (`/0`, `/1`; `/r/0`… around a named row), the same on every repeat of the same rows, so a
 * repeat after a crash is deduplicated by the engine. Any other failure is thrown unchanged.
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
    const named = namedRow(error, rows.length);
    if (named !== undefined) {
      // The engine named the row: before it, it alone, after it. Each part is isolated again, so a
      // wrong hint (a row counted within one parsing segment) costs inserts, never a wrong answer.
      const parts = [rows.slice(0, named), rows.slice(named, named + 1), rows.slice(named + 1)];
      return isolateParts(insert, parts, `${token}/r`, onStored);
    }
  }
  const half = Math.ceil(rows.length / 2);
  return isolateParts(insert, [rows.slice(0, half), rows.slice(half)], token, onStored);
}

async function isolateParts<Row>(
  insert: InsertRows<Row>,
  parts: Row[][],
  token: string,
  onStored: (rows: Row[]) => Promise<void>,
): Promise<RefusedRow<Row>[]> {
  const refused: RefusedRow<Row>[] = [];
  for (const [index, part] of parts.entries()) {
    refused.push(...(await insertIsolatingRefused(insert, part, `${token}/${index}`, onStored)));
  }
  return refused;
}

// "… at row 7 …" (1-based) in parse errors and CHECK violations: the refused row, as a 0-based index.
function namedRow(error: WarehouseError, rows: number): number | undefined {
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  const row = Number(/\bat row (\d+)\b/.exec(cause)?.[1]);
  return Number.isSafeInteger(row) && row >= 1 && row <= rows ? row - 1 : undefined;
}

// The engine's words without our statement name and query id, cut to what a listing can show.
function engineReason(error: WarehouseError): string {
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  return `engine code ${error.code}: ${cause.split('\n')[0]?.trim() ?? ''}`.slice(0, 1000);
}
