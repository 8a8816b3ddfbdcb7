import type { WarehouseRow } from '@quarry/schema';

/** Distinct months one request may write: a dataset's table is partitioned by month. */
export const DEFAULT_MAX_MONTHS_PER_REQUEST = 12;

export const monthsMessage = (max: number) =>
  `Records span too many months (at most ${max} distinct months per request); split the batch by month`;

/**
 * The number of distinct months the rows fall in, counting stops once past `max`. Rows carry the
 * validator's UTC form (`2026-06-10 00:00:00.000`), so the month is the first seven characters.
 */
export function countMonths(rows: readonly WarehouseRow[], max: number): number {
  const months = new Set<string>();
  for (const row of rows) {
    months.add(row.timestamp.slice(0, 7));
    if (months.size > max) break;
  }
  return months.size;
}
