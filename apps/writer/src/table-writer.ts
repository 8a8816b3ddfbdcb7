import type { Warehouse } from '@quarry/warehouse';
import { WarehouseError } from '@quarry/warehouse';
import type { Decoded } from './decode.ts';
import { type RetryPolicy, retryUntilDone } from './retry.ts';
import type { Watermarks } from './watermarks.ts';

type Stored = Extract<Decoded, { ok: true }>;

/** Dead-letters one message and resolves once the dead-letter topic acknowledged it. */
export type SendToDeadLetters = (message: Stored, reason: string) => Promise<void>;

const UNKNOWN_TABLE = '60';

/** An engine answer that retrying the same rows cannot change: the messages are poison. */
export function isPermanent(error: unknown): boolean {
  return error instanceof WarehouseError && !error.retriable;
}

/**
 * Writes one table's messages from one partition: skips what the watermark says is stored, inserts
 * the rest in offset order in chunks of at most `maxRows` (each with a deduplication token from its
 * offset range, so a retry whose first try landed is stored once), and falls back to one insert per
 * message when the engine refuses a chunk, so only the messages it refuses become dead letters.
 * A dead letter is acknowledged before any later offset is stored: the watermark would skip it.
 */
export async function writeTable(
  options: {
    warehouse: Warehouse;
    watermarks: Watermarks;
    retry: RetryPolicy;
    maxRows: number;
    topic: string;
  },
  table: string,
  partition: number,
  messages: Stored[],
  deadLetter: SendToDeadLetters,
): Promise<number> {
  const { warehouse, watermarks, retry } = options;
  let watermark: bigint;
  try {
    watermark = await retryUntilDone(() => watermarks.get(table, partition), isPermanent, retry);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    const reason = (error as WarehouseError).code === UNKNOWN_TABLE ? 'dataset table missing' : String(error);
    for (const message of messages) await deadLetter(message, reason);
    return 0;
  }
  const pending = messages.filter((message) => message.offset > watermark);
  let stored = 0;
  for (const chunk of chunksByRows(pending, options.maxRows)) {
    const insert = (part: Stored[]) => {
      const rows = part.flatMap((message) => message.rows);
      const dedupToken = token(options.topic, partition, part);
      return retryUntilDone(() => warehouse.insert({ table, rows, dedupToken }), isPermanent, retry).then(
        () => rows.length,
      );
    };
    try {
      stored += await insert(chunk);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      for (const message of chunk) {
        try {
          stored += await insert([message]);
        } catch (single) {
          if (!isPermanent(single)) throw single;
          await deadLetter(message, single instanceof Error ? single.message : String(single));
        }
      }
    }
    const last = chunk.at(-1);
    if (last) watermarks.advance(table, partition, last.offset);
  }
  return stored;
}

function token(topic: string, partition: number, part: Stored[]): string {
  return `${topic}:${partition}:${part[0]?.offset}-${part.at(-1)?.offset}`;
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
