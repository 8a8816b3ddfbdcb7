import type { DatasetEnvelope } from '@quarry/pipeline';
import { JSON_BYTE, skipWhitespace, stringEnd, valueEnd } from './json-bytes.ts';

/** A version 1 dataset envelope whose rows stay the bytes they arrived in. */
export interface SplicedEnvelope extends Omit<DatasetEnvelope, 'rows'> {
  /** The message value the ranges point into. */
  bytes: Buffer;
  /** Per row, where its object starts and ends (exclusive) in `bytes`. */
  starts: number[];
  ends: number[];
}

export type SpliceResult = { ok: true; envelope: SplicedEnvelope } | { ok: false; reason: string };

const NOT_JSON = { ok: false, reason: 'undecodable: not JSON' } as const;
const NOT_ENVELOPE = { ok: false, reason: 'undecodable: not a version 1 dataset envelope' } as const;
const { QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA, COLON } = JSON_BYTE;

/**
 * Reads a dataset envelope without parsing its rows: the header fields are parsed, each row is only
 * delimited (an object, brackets balanced), so the writer can splice it into the insert as it is.
 * What is inside a row is the engine's to judge: a row it cannot parse is refused and quarantined.
 * The same messages as decodeDatasetEnvelope for what is not JSON or not an envelope.
 */
export function spliceDatasetEnvelope(bytes: Buffer | null): SpliceResult {
  if (bytes === null) return { ok: false, reason: 'empty message' };
  const header: Record<string, unknown> = Object.create(null);
  let rows: { starts: number[]; ends: number[] } | undefined;
  let rowsNotObjects = false;
  let i = skipWhitespace(bytes, 0);
  if (bytes[i] !== OPEN_OBJECT) return isJson(bytes) ? NOT_ENVELOPE : NOT_JSON;
  i = skipWhitespace(bytes, i + 1);
  if (bytes[i] === CLOSE_OBJECT) return NOT_ENVELOPE;
  for (;;) {
    if (bytes[i] !== QUOTE) return NOT_JSON;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd < 0) return NOT_JSON;
    const key = JSON.parse(bytes.toString('utf8', i, keyEnd)) as string;
    i = skipWhitespace(bytes, keyEnd);
    if (bytes[i] !== COLON) return NOT_JSON;
    i = skipWhitespace(bytes, i + 1);
    let end: number;
    if (key === 'rows' && bytes[i] === OPEN_ARRAY) {
      const found = delimitRows(bytes, i);
      if (found === undefined) return NOT_JSON;
      ({ end } = found);
      rows = found;
      rowsNotObjects = found.notObjects;
    } else {
      end = valueEnd(bytes, i);
      if (end < 0) return NOT_JSON;
      try {
        header[key] = JSON.parse(bytes.toString('utf8', i, end));
      } catch {
        return NOT_JSON;
      }
      if (key === 'rows') rows = undefined; // a later `rows` that is not an array replaces the first
    }
    i = skipWhitespace(bytes, end);
    if (bytes[i] === COMMA) {
      i = skipWhitespace(bytes, i + 1);
      continue;
    }
    if (bytes[i] !== CLOSE_OBJECT) return NOT_JSON;
    if (skipWhitespace(bytes, i + 1) !== bytes.length) return NOT_JSON;
    break;
  }
  if (rows === undefined || rowsNotObjects || !isHeader(header)) return NOT_ENVELOPE;
  const { v, kind, datasetId, projectId, acceptedAt, traceId } = header;
  return {
    ok: true,
    envelope: {
      v,
      kind,
      datasetId,
      projectId,
      acceptedAt,
      traceId,
      bytes,
      starts: rows.starts,
      ends: rows.ends,
    },
  };
}

/** `at` is on the `[` of `rows`: each element's extent, and whether any is not an object. */
function delimitRows(bytes: Buffer, at: number) {
  const starts: number[] = [];
  const ends: number[] = [];
  let notObjects = false;
  let i = skipWhitespace(bytes, at + 1);
  if (bytes[i] === CLOSE_ARRAY) return { starts, ends, notObjects, end: i + 1 };
  for (;;) {
    if (bytes[i] !== OPEN_OBJECT) notObjects = true;
    const end = valueEnd(bytes, i);
    if (end < 0) return undefined;
    starts.push(i);
    ends.push(end);
    i = skipWhitespace(bytes, end);
    if (bytes[i] === CLOSE_ARRAY) return { starts, ends, notObjects, end: i + 1 };
    if (bytes[i] !== COMMA) return undefined;
    i = skipWhitespace(bytes, i + 1);
  }
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

type Header = Omit<DatasetEnvelope, 'rows'>;

// Ids are catalog serials: 0 or a negative id can name no table, so the message is poison.
function isHeader(value: Record<string, unknown>): value is Record<string, unknown> & Header {
  const positive = (id: unknown) => Number.isSafeInteger(id) && (id as number) > 0;
  return (
    value.v === 1 &&
    value.kind === 'dataset' &&
    positive(value.datasetId) &&
    positive(value.projectId) &&
    typeof value.acceptedAt === 'string' &&
    typeof value.traceId === 'string'
  );
}
