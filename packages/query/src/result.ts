import { encodeCursor } from './cursor.ts';
import { LIMITS } from './limits.ts';

export interface ShapedResult<Row> {
  rows: Row[];
  /** True when more rows matched than `limit`: the compiled SQL fetched one extra to know. */
  truncated: boolean;
  /** Present when truncated and the next page is still within the offset bound. */
  nextCursor?: string;
}

/** Cuts the `limit + 1` fetched rows back to `limit` and says whether there is more. */
export function shapeResult<Row>(
  rows: readonly Row[],
  page: { limit: number; offset: number },
): ShapedResult<Row> {
  const truncated = rows.length > page.limit;
  const nextOffset = page.offset + page.limit;
  return {
    rows: rows.slice(0, page.limit),
    truncated,
    ...(truncated && nextOffset <= LIMITS.maxOffset ? { nextCursor: encodeCursor(nextOffset) } : {}),
  };
}
