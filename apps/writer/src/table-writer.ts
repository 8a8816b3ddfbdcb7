import { MESSAGE_ID_HEADER } from '@quarry/pipeline';
import { insertIsolatingRefused, isRowsFault, type RefusedRow, type Warehouse } from '@quarry/warehouse';
import type { Decoded } from './decode.ts';
import { chunkRows, type InsertParts, partCount, splitByToken, tokenWithParts } from './insert-parts.ts';
import { type MessageIds, samePosition } from './message-ids.ts';
import { FencedError, type LedgerState, type OffsetLedger } from './offsets.ts';
import { type Quarantine, type RefusedRecord, singleRecordLetter } from './quarantine.ts';
import { type RetryPolicy, retryUntilDone } from './retry.ts';
import { encodeRows, ObjectRows, type RowLines } from './row-lines.ts';

type Stored = Extract<Decoded, { ok: true }>;

/** Dead-letters one message and resolves once the dead-letter topic acknowledged it. */
export type SendToDeadLetters = (message: Stored, reason: string) => Promise<void>;

const UNKNOWN_TABLE = '60';

/** One row of a chunk: its message's lines and its index there (the unit refused rows are isolated in). */
interface Row {
  message: Stored;
  lines: RowLines;
  index: number;
}

/** The dataset's table is gone: its messages are dead letters, not quarantined records. */
class TableMissingError extends Error {
  constructor(table: string) {
    super(`table ${table} does not exist`);
    this.name = 'TableMissingError';
  }
}

/**
 * The open intent a successor must repeat reaches past this batch (a smaller fetch than the writer
 * that wrote it had): thrown so the bus delivers the partition again, from its committed offset.
 */
export class IncompleteChunkError extends Error {
  constructor(table: string, partition: number, last: bigint) {
    super(`${table} partition ${partition}: the open chunk ends at ${last}, past this batch`);
    this.name = 'IncompleteChunkError';
  }
}

export interface TableWrite {
  warehouse: Warehouse;
  ledger: OffsetLedger;
  ids: MessageIds;
  retry: RetryPolicy;
  maxRows: number;
  topic: string;
  quarantine: Quarantine;
  /** How a chunk's insert is split into parts that run at once (recorded in its intent's token). */
  insertParts: InsertParts;
}

/** What became of a table's messages: rows stored, and the offsets skipped as copies of stored ones. */
export interface TableWriteResult {
  rows: number;
  copies: Set<bigint>;
}

const fencedOnly = (error: unknown) => error instanceof FencedError;

/**
 * Writes one table's messages from one partition in offset order, in chunks (see insert-parts.ts),
 * each recorded in the ledger (intent → insert with a token derived from its offsets → done). What
 * the ledger says is stored is skipped; an open intent left by a writer that crashed or lost the
 * partition is repeated exactly, so its insert, landed, partial or late, is stored once. Rows the
 * engine refuses are isolated and quarantined; the chunk's other rows are stored.
 */
export async function writeTable(
  options: TableWrite,
  table: string,
  partition: number,
  messages: Stored[],
  deadLetter: SendToDeadLetters,
): Promise<TableWriteResult> {
  const { ledger, retry, topic } = options;
  const read = await retryUntilDone(() => ledger.state(table, topic, partition), fencedOnly, retry);
  // A recreated topic numbers from 0 again: messages newer than anything the ledger covered are new.
  const stale =
    read !== null && messages.some((m) => m.offset <= read.last && m.message.timestamp > read.maxAppendMs);
  const current = stale ? null : read;
  const storedUpTo = current ? (current.done ? current.last : current.first - 1n) : -1n;
  let pending = messages.filter((message) => message.offset > storedUpTo);
  let after = read;
  const result: TableWriteResult = { rows: 0, copies: new Set() };
  if (current && !current.done && pending.length > 0) {
    const open = pending.filter((message) => message.offset <= current.last);
    if (open.at(-1)?.offset !== current.last) throw new IncompleteChunkError(table, partition, current.last);
    after = await storeChunk(options, table, partition, open, current, deadLetter, result);
    pending = pending.filter((message) => message.offset > current.last);
  }
  let maxAppendMs = current?.maxAppendMs ?? 0;
  for (const chunk of chunksByRows(pending, chunkRows(options.maxRows, options.insertParts))) {
    const first = chunk[0]?.offset ?? 0n;
    const last = chunk.at(-1)?.offset ?? 0n;
    maxAppendMs = chunk.reduce((max, message) => Math.max(max, message.message.timestamp), maxAppendMs);
    const rows = chunk.reduce((sum, message) => sum + message.rows.length, 0);
    const parts = partCount(rows, options.maxRows, options.insertParts);
    const token = tokenWithParts(`${topic}:${partition}:${first}-${last}@${maxAppendMs}`, parts);
    const base = after;
    const intent = await retryUntilDone(
      () => ledger.begin(table, topic, partition, base, { first, last, token, maxAppendMs }),
      fencedOnly,
      retry,
    );
    await retryUntilDone(() => ledger.confirm(table, topic, partition, intent), fencedOnly, retry);
    after = await storeChunk(options, table, partition, chunk, intent, deadLetter, result);
  }
  return result;
}

/** Inserts one chunk under its intent's token, claims its message ids, and marks the intent done. */
async function storeChunk(
  options: TableWrite,
  table: string,
  partition: number,
  chunk: Stored[],
  intent: LedgerState,
  deadLetter: SendToDeadLetters,
  result: TableWriteResult,
): Promise<LedgerState> {
  const { warehouse, ids, retry, topic } = options;
  const idOf = (message: Stored) => message.message.headers[MESSAGE_ID_HEADER] || undefined;
  const wanted = [...new Set(chunk.flatMap((message) => idOf(message) ?? []))];
  const owners = await retryUntilDone(() => ids.owners(table, wanted), fencedOnly, retry);
  const seen = new Set<string>();
  const unique = chunk.filter((message) => {
    const id = idOf(message);
    if (id === undefined) return true;
    const owner = owners.get(id);
    const copy = seen.has(id) || (owner !== undefined && !samePosition(owner, positionOf(message)));
    seen.add(id);
    if (copy) result.copies.add(message.offset);
    return !copy;
  });

  const insert = (rows: Row[], token: string) => {
    const encoded = { format: 'JSONEachRow', bytes: encodeRows(rows) } as const;
    // `basic` parsing is cheaper, and refuses anything else: rows of other producers keep best_effort.
    const dateTimeInputFormat = rows.every((row) => row.lines.basicDateTimes) ? 'basic' : 'best_effort';
    return retryUntilDone(
      () => warehouse.insert({ table, encoded, dedupToken: token, dateTimeInputFormat }),
      isRowsFault,
      retry,
    ).catch((error: unknown) => {
      throw isRowsFault(error) && error.code === UNKNOWN_TABLE ? new TableMissingError(table) : error;
    });
  };
  const rows = unique.flatMap(rowsOf);
  const handled: Stored[] = [];
  try {
    // The parts insert at once; a refused row is isolated by halving its part, the rest is stored.
    const refused = await allParts(
      splitByToken(rows, intent.token).map((part) => insertIsolatingRefused(insert, part.rows, part.token)),
    );
    result.rows += rows.length - refused.length;
    await quarantineRefused(options, { table, partition }, refused, deadLetter);
    handled.push(...unique);
  } catch (error) {
    if (!(error instanceof TableMissingError)) throw error;
    for (const message of unique) await deadLetter(message, 'dataset table missing');
  }
  // A message whose refused rows are in quarantine is handled: a copy of it is not written again.
  const claims = handled.flatMap((message) => {
    const id = idOf(message);
    return id === undefined ? [] : [{ id, ...positionOf(message) }];
  });
  await retryUntilDone(() => ids.claim(table, claims), fencedOnly, retry);
  await retryUntilDone(() => options.ledger.finish(table, topic, partition, intent), fencedOnly, retry);
  return { ...intent, version: intent.version + 1n, done: true };

  function positionOf(message: Stored) {
    return { topic, partition, offset: message.offset };
  }
}

/**
 * Waits for every part, so none is still running when the chunk fails (a part left running would
 * land behind the next attempt, harmless under its token, but the batch would not be over).
 */
async function allParts<T>(parts: Promise<T[]>[]): Promise<T[]> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((part) => part.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.flatMap((part) => (part.status === 'fulfilled' ? part.value : []));
}

function rowsOf(message: Stored): Row[] {
  const lines = 'writeLine' in message.rows ? message.rows : new ObjectRows(message.rows);
  return Array.from({ length: lines.length }, (_, index) => ({ message, lines, index }));
}

function* chunksByRows(messages: Stored[], maxRows: number): Generator<Stored[]> {
  let chunk: Stored[] = [];
  let rows = 0;
  for (const message of messages) {
    if (chunk.length > 0 && rows + message.rows.length > maxRows) {
      yield chunk;
      chunk = [];
      rows = 0;
    }
    chunk.push(message);
    rows += message.rows.length;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Puts the refused rows in their dataset's quarantine, waiting out a catalog outage; the rows it has
 * no room for go to the dead-letter topic, one letter each. Resolves before the offsets may move on.
 */
async function quarantineRefused(
  options: TableWrite,
  { table, partition }: { table: string; partition: number },
  refused: RefusedRow<Row>[],
  deadLetter: SendToDeadLetters,
): Promise<void> {
  if (refused.length === 0) return;
  const records: RefusedRecord[] = [];
  const unreadable: RefusedRecord[] = [];
  for (const { row, reason } of refused) {
    const object = row.lines.object(row.index);
    const record = { message: row.message, partition, index: row.index, row: object ?? {}, reason };
    (object ? records : unreadable).push(record);
  }
  const overflow = await retryUntilDone(
    () => options.quarantine.add(table, options.topic, records),
    () => false,
    options.retry,
  );
  for (const record of overflow) {
    await deadLetter(singleRecordLetter(record, options.topic), `quarantine full: ${record.reason}`);
  }
  // Not even JSON: nothing a replay from the quarantine could insert, so its bytes go to the dead letters.
  for (const record of unreadable) {
    await deadLetter(singleRecordLetter(record, options.topic), `row is not JSON: ${record.reason}`);
  }
}
