/** A query's answer, its rows and totals still the engine's JSON text (one object per row). */
export interface AnswerParts {
  rows: readonly string[];
  dataset: { id: number; name: string; slug: string };
  truncated: boolean;
  nextCursor?: string | undefined;
  /** Present only when the query asked for totals. */
  totals?: string | undefined;
}

// Where the engine's JSON may differ from JSON.stringify's for the same value: \u escapes (control
// characters, U+2028), an escaped slash, exponents and -0 (a digit next to an e is caught even inside
// a string: a false alarm only costs a parse), and nan/inf, which are not JSON at all.
const MAY_DIFFER = /\\u|\\\/|\d[eE]|-0(?![.\d])|[:,[](?:-?nan|-?inf)/;

/**
 * A row as the answer carries it: the engine's text where it is already what JSON.stringify would
 * write for the parsed row, otherwise parsed and written again. So the bytes are those of
 * parse-then-stringify, without paying for it on the rows that need neither.
 */
export function answerRow(row: string): string {
  return MAY_DIFFER.test(row) ? JSON.stringify(JSON.parse(row)) : row;
}

/**
 * The answer's JSON text, with the keys in the contract's order: rows, dataset, then truncated,
 * nextCursor and totals only when they apply. Byte for byte what JSON.stringify gives for the
 * answer as an object.
 */
export function answerJson({ rows, dataset, truncated, nextCursor, totals }: AnswerParts): string {
  let text = `{"rows":[${rows.map(answerRow).join(',')}],"dataset":${JSON.stringify(dataset)}`;
  if (truncated) text += ',"truncated":true';
  if (nextCursor) text += `,"nextCursor":${JSON.stringify(nextCursor)}`;
  if (totals !== undefined) text += `,"totals":${answerRow(totals)}`;
  return `${text}}`;
}
