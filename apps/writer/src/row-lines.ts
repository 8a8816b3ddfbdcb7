import type { SplicedEnvelope } from './dataset-splice.ts';
import { skipWhitespace } from './json-bytes.ts';

/**
 * A message's rows as JSONEachRow lines, each with the columns the writer adds. An insert's body is
 * the lines of its rows written one after the other (see encodeRows).
 */
export interface RowLines {
  readonly length: number;
  /** Every date-time in the lines is `YYYY-MM-DD hh:mm:ss.sss`: the engine may parse them the `basic` way. */
  readonly basicDateTimes: boolean;
  /** Bytes row `index`'s line takes, its newline included. */
  lineBytes(index: number): number;
  /** Writes row `index`'s line into `out` at `at`; returns where the next line starts. */
  writeLine(index: number, out: Buffer, at: number): number;
  /** Row `index` as the object the writer inserts (what the quarantine keeps); undefined when it is not JSON. */
  object(index: number): Record<string, unknown> | undefined;
}

/** The columns every dataset row gets from its message: trace id, accept time and bus position. */
export interface RowSystemColumns {
  traceId: string;
  acceptedAt: string;
  partition: number;
  offset: string;
}

const NEWLINE = 0x0a;

/**
 * Rows spliced from the bytes they arrived in: each row's object up to its closing brace, then the
 * writer's columns. Nothing is parsed or serialized again; the engine parses each row once.
 */
export class SplicedRows implements RowLines {
  readonly length: number;
  readonly basicDateTimes: boolean;
  readonly #envelope: SplicedEnvelope;
  readonly #columns: RowSystemColumns;
  /** `,"__traceId":…,"__sourceIndex":` — only the index and the closing brace differ per row. */
  readonly #suffix: Buffer;

  constructor(envelope: SplicedEnvelope, columns: RowSystemColumns) {
    this.#envelope = envelope;
    this.#columns = columns;
    this.length = envelope.starts.length;
    // The gateway normalizes the records' timestamps; its accept time is ISO 8601, rewritten here.
    const ingestedAt = basicDateTime(columns.acceptedAt);
    this.basicDateTimes = ingestedAt !== undefined;
    this.#suffix = Buffer.from(
      `,"__traceId":${JSON.stringify(columns.traceId)},"__ingestedAt":${JSON.stringify(ingestedAt ?? columns.acceptedAt)}` +
        `,"__sourcePartition":${columns.partition},"__sourceOffset":"${columns.offset}","__sourceIndex":`,
    );
  }

  lineBytes(index: number): number {
    const { starts, ends } = this.#envelope;
    // The object without its closing brace, the suffix, the index, `}` and the newline.
    return (ends[index] ?? 0) - 1 - (starts[index] ?? 0) + this.#suffix.length + digits(index) + 2;
  }

  writeLine(index: number, out: Buffer, at: number): number {
    const { bytes, starts, ends } = this.#envelope;
    const start = starts[index] ?? 0;
    const close = (ends[index] ?? 0) - 1;
    let next = at + bytes.copy(out, at, start, close);
    // An empty object `{}` takes the columns without the leading comma; its line is a byte shorter.
    const empty = skipWhitespace(bytes, start + 1) === close;
    next += this.#suffix.copy(out, next, empty ? 1 : 0);
    next += out.write(`${index}}`, next, 'latin1');
    out[next] = NEWLINE;
    return next + 1;
  }

  object(index: number): Record<string, unknown> | undefined {
    const { bytes, starts, ends } = this.#envelope;
    let row: unknown;
    try {
      row = JSON.parse(bytes.toString('utf8', starts[index], ends[index]));
    } catch {
      return undefined;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
    return withSystemColumns(row as Record<string, unknown>, this.#columns, index);
  }
}

/** Rows that are already objects (the logs table's): each serialized once, as the client would. */
export class ObjectRows implements RowLines {
  readonly length: number;
  readonly basicDateTimes = false;
  readonly #rows: ReadonlyArray<Record<string, unknown>>;
  readonly #text: string[] = [];

  constructor(rows: ReadonlyArray<Record<string, unknown>>) {
    this.#rows = rows;
    this.length = rows.length;
  }

  lineBytes(index: number): number {
    return Buffer.byteLength(this.#line(index)) + 1;
  }

  writeLine(index: number, out: Buffer, at: number): number {
    const next = at + out.write(this.#line(index), at, 'utf8');
    out[next] = NEWLINE;
    return next + 1;
  }

  object(index: number): Record<string, unknown> | undefined {
    return this.#rows[index];
  }

  #line(index: number): string {
    const text = this.#text[index] ?? JSON.stringify(this.#rows[index]);
    this.#text[index] = text;
    return text;
  }
}

/** The row as the writer has always inserted it: the record's fields, then the writer's columns. */
export function withSystemColumns(
  row: Record<string, unknown>,
  { traceId, acceptedAt, partition, offset }: RowSystemColumns,
  index: number,
): Record<string, unknown> {
  return {
    ...row,
    __traceId: traceId,
    __ingestedAt: acceptedAt,
    __sourcePartition: partition,
    __sourceOffset: offset,
    __sourceIndex: index,
  };
}

/** One insert's body: the given rows' lines, in order. */
export function encodeRows(rows: ReadonlyArray<{ lines: RowLines; index: number }>): Buffer {
  let total = 0;
  for (const { lines, index } of rows) total += lines.lineBytes(index);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const { lines, index } of rows) at = lines.writeLine(index, out, at);
  return at === total ? out : out.subarray(0, at);
}

const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}\.\d{3})Z$/;

/** `2026-06-10T12:00:00.000Z` as `2026-06-10 12:00:00.000`; undefined for any other spelling. */
export function basicDateTime(iso: string): string | undefined {
  const match = ISO_UTC.exec(iso);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

function digits(index: number): number {
  return index < 10 ? 1 : index < 100 ? 2 : index < 1000 ? 3 : String(index).length;
}
