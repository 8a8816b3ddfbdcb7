import { OFFSETS_TABLE } from '@quarry/pipeline';
import type { Warehouse } from '@quarry/warehouse';
import { z } from 'zod';

/** The newest ledger row of one (table, topic, partition); see packages/pipeline/src/ledger.ts. */
export interface LedgerState {
  version: bigint;
  first: bigint;
  last: bigint;
  done: boolean;
  token: string;
  /** The newest append time of any message up to `last`: tells a recreated topic's messages apart. */
  maxAppendMs: number;
}

export type Chunk = Pick<LedgerState, 'first' | 'last' | 'token' | 'maxAppendMs'>;

/** Another writer wrote this partition's ledger since we read it: we lost the partition. */
export class FencedError extends Error {
  constructor(where: string) {
    super(`${where}: another writer owns this partition now`);
    this.name = 'FencedError';
  }
}

const Row = z.object({
  version: z.coerce.bigint(),
  first: z.coerce.bigint(),
  last: z.coerce.bigint(),
  done: z.coerce.number(),
  token: z.string(),
  max_append_ms: z.coerce.number(),
});

const WHERE = '`table` = {table:String} AND `topic` = {topic:String} AND `partition` = {partition:UInt32}';

/**
 * Per (table, topic, partition), how far the warehouse holds the partition's messages. A point
 * lookup by primary key once per assignment (cached while the partition stays), so its cost does not
 * grow with the data. Every chunk writes an intent, checks no other writer wrote since, inserts, then
 * writes its completion: a writer that lost the partition is stopped at the check or, if it was past
 * it, repeats a chunk its successor repeats with the same token (stored once).
 */
export class OffsetLedger {
  private readonly known = new Map<string, LedgerState | null>();
  private readonly warehouse: Warehouse;

  constructor(warehouse: Warehouse) {
    this.warehouse = warehouse;
  }

  async state(table: string, topic: string, partition: number): Promise<LedgerState | null> {
    const key = keyOf(table, topic, partition);
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    const [row] = await this.warehouse.query({
      name: 'writer.ledger_state',
      sql: `SELECT version, first, last, done, token, max_append_ms FROM \`${OFFSETS_TABLE}\` WHERE ${WHERE} ORDER BY version DESC LIMIT 1`,
      params: { table, topic, partition },
      schema: Row,
    });
    const state = row ? toState(row) : null;
    this.known.set(key, state);
    return state;
  }

  /** Records the intent to insert `chunk` after the state `after`; `confirm` it before inserting. */
  async begin(
    table: string,
    topic: string,
    partition: number,
    after: LedgerState | null,
    chunk: Chunk,
  ): Promise<LedgerState> {
    const intent: LedgerState = { ...chunk, version: (after?.version ?? 0n) + 1n, done: false };
    await this.write(table, topic, partition, intent);
    return intent;
  }

  /** Throws FencedError when another writer wrote this key since the intent's predecessor. */
  async confirm(table: string, topic: string, partition: number, intent: LedgerState): Promise<void> {
    const { version, token } = intent;
    const rows = await this.warehouse.query({
      name: 'writer.ledger_fence',
      sql: `SELECT version, first, last, done, token, max_append_ms FROM \`${OFFSETS_TABLE}\` WHERE ${WHERE} AND version >= {version:UInt64}`,
      params: { table, topic, partition, version: version.toString() },
      schema: Row,
    });
    if (rows.some((row) => row.token !== token || row.done === 1 || row.version !== version)) {
      this.known.delete(keyOf(table, topic, partition));
      throw new FencedError(`${topic}/${partition} ${table}`);
    }
    this.known.set(keyOf(table, topic, partition), intent);
  }

  /** Marks the open intent done: every message up to its `last` is stored or dead-lettered. */
  async finish(table: string, topic: string, partition: number, intent: LedgerState): Promise<void> {
    const state: LedgerState = { ...intent, version: intent.version + 1n, done: true };
    await this.write(table, topic, partition, state);
    this.known.set(keyOf(table, topic, partition), state);
  }

  /** A partition that left and came back may have been written by another writer meanwhile. */
  forgetPartition(topic: string, partition: number): void {
    const suffix = `\n${topic}\n${partition}`;
    for (const key of this.known.keys()) if (key.endsWith(suffix)) this.known.delete(key);
  }

  private write(table: string, topic: string, partition: number, state: LedgerState) {
    return this.warehouse.insert({
      table: OFFSETS_TABLE,
      rows: [
        {
          table,
          topic,
          partition,
          version: state.version.toString(),
          first: state.first.toString(),
          last: state.last.toString(),
          done: state.done ? 1 : 0,
          token: state.token,
          max_append_ms: state.maxAppendMs,
        },
      ],
    });
  }
}

function keyOf(table: string, topic: string, partition: number): string {
  return `${table}\n${topic}\n${partition}`;
}

function toState(row: z.output<typeof Row>): LedgerState {
  return {
    version: row.version,
    first: row.first,
    last: row.last,
    done: row.done === 1,
    token: row.token,
    maxAppendMs: row.max_append_ms,
  };
}
