/**
 * A chunk's insert in parts that run at once: the engine inserts one statement on one core, so one
 * partition's 50,000-row chunk in two parts takes two cores (chDB: two insert sessions). How many
 * parts is decided when the chunk's intent is written and recorded in its token, so a writer that
 * repeats the intent (after a crash, or another writer's) splits the same rows the same way under the
 * same part tokens, and the engine stores each part once.
 */
export interface InsertParts {
  /** Most parts one chunk's insert is split into (1: never split). */
  most: number;
  /** Fewest rows a part may have: a small chunk is one insert, its statement overhead paid once. */
  minRows: number;
}

export const DEFAULT_INSERT_PARTS: InsertParts = { most: 2, minRows: 10_000 };

/**
 * Most rows in one chunk (one ledger intent): `most` inserts of `maxRows`. The ledger's statements
 * are paid per chunk, one after the other, so a chunk in parts keeps each insert at `maxRows` rows
 * and pays them once for all its parts.
 */
export function chunkRows(maxRows: number, { most }: InsertParts): number {
  return maxRows * most;
}

/** How many parts a chunk of `rows` rows is inserted in: none over `maxRows`, none under `minRows`. */
export function partCount(rows: number, maxRows: number, { most, minRows }: InsertParts): number {
  return Math.max(1, Math.ceil(rows / maxRows), Math.min(most, Math.floor(rows / minRows)));
}

/** The intent's token with its part count; a token of one part is the plain one (as before parts). */
export function tokenWithParts(token: string, parts: number): string {
  return parts > 1 ? `${token}*${parts}` : token;
}

// Written by tokenWithParts; a token without it (one part, or an intent of a writer before parts)
// is inserted whole under the token itself.
const PARTS_SUFFIX = /\*(\d+)$/;

/** Each part's rows and insert token, as the intent's token says to split them. */
export function splitByToken<Row>(rows: Row[], token: string): { rows: Row[]; token: string }[] {
  const parts = Number(PARTS_SUFFIX.exec(token)?.[1] ?? 1);
  if (parts <= 1) return [{ rows, token }];
  const size = Math.ceil(rows.length / parts);
  return Array.from({ length: parts }, (_, part) => ({
    rows: rows.slice(part * size, (part + 1) * size),
    token: `${token}#${part}`,
  }));
}
