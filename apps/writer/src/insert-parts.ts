/**
 * A chunk's insert in parts, `most` at a time: the engine inserts one statement on one core, so one
 * partition's chunk in parts takes two cores (chDB: two insert sessions). How many
 * parts is decided when the chunk's intent is written and recorded in its token, so a writer that
 * repeats the intent (after a crash, or another writer's) splits the same rows the same way under the
 * same part tokens, and the engine stores each part once.
 */
export interface InsertParts {
  /** Most parts of a chunk inserting at once (1: never split, the chunk is one insert). */
  most: number;
  /** Fewest rows a part may have: a small chunk is one insert, its statement overhead paid once. */
  minRows: number;
}

export const DEFAULT_INSERT_PARTS: InsertParts = { most: 2, minRows: 10_000 };

/**
 * How many waves of `most` parts one chunk may hold. The ledger's statements (intent, read-back,
 * done) are paid per chunk, one after the other, while the engine waits: a backlogged partition's
 * fetched batch (up to BATCH_MAX_BYTES, some 200,000 rows) is one chunk instead of two or three, its
 * parts inserting `most` at a time back to back.
 */
export const CHUNK_WAVES = 4;

/**
 * Most rows in one chunk (one ledger intent): `CHUNK_WAVES × most` inserts of `maxRows`, or one
 * insert when parts are off (`most` 1: a chunk an older writer repeats whole).
 */
export function chunkRows(maxRows: number, { most }: InsertParts): number {
  return most > 1 ? maxRows * most * CHUNK_WAVES : maxRows;
}

/**
 * How many parts a chunk of `rows` rows is inserted in: none over `maxRows`, none under `minRows`;
 * a multiple of `most` when the parts stay at `minRows` or more, so that the parts inserting at once
 * are of one size and finish together (no session idles while the last part of a wave inserts alone).
 */
export function partCount(rows: number, maxRows: number, { most, minRows }: InsertParts): number {
  const parts = Math.max(1, Math.ceil(rows / maxRows), Math.min(most, Math.floor(rows / minRows)));
  if (most <= 1) return parts;
  const even = Math.ceil(parts / most) * most;
  return rows / even >= minRows ? even : parts;
}

/**
 * Runs the parts `most` at a time (each insert session takes one statement at a time: more would
 * queue there holding their encoded bodies). After a failure no further part starts, and every part
 * already running is awaited before it is rethrown, so none is still running when the chunk fails (a
 * part left running would land behind the next attempt, harmless under its token, but the batch
 * would not be over).
 */
export async function runParts<Part, T>(
  parts: Part[],
  most: number,
  run: (part: Part) => Promise<T[]>,
): Promise<T[]> {
  const results: T[][] = new Array(parts.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < parts.length) {
      const index = next++;
      try {
        results[index] = await run(parts[index] as Part);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(most, parts.length)) }, lane));
  if (failure) throw failure.error;
  return results.flat();
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
