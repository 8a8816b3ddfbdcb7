import type { Warehouse } from '@quarry/warehouse';
import { z } from 'zod';
import { MESSAGE_IDS_TABLE } from './ledger.ts';

/** Where a message sits in the bus: a message's identity when it carries no id of its own. */
export interface Position {
  topic: string;
  partition: number;
  offset: bigint;
}

const Owner = z.object({
  id: z.string(),
  topic: z.string(),
  partition: z.coerce.number(),
  offset: z.coerce.bigint(),
});

/**
 * Which message stored each id (see MESSAGE_ID_HEADER). A copy of a stored request at another
 * offset (an outcome-unknown attempt and its retry, a dead letter replayed twice) is skipped. An id
 * is claimed only after its rows were inserted, so a dead-lettered message never blocks its replay.
 */
export class MessageIds {
  private readonly warehouse: Pick<Warehouse, 'query' | 'insert'>;

  constructor(warehouse: Pick<Warehouse, 'query' | 'insert'>) {
    this.warehouse = warehouse;
  }

  /** The ids among `ids` already stored by some message, with that message's position. */
  async owners(table: string, ids: string[]): Promise<Map<string, Position>> {
    const owners = new Map<string, Position>();
    if (ids.length === 0) return owners;
    const rows = await this.warehouse.query({
      name: 'writer.message_ids',
      sql: `SELECT id, topic, partition, offset FROM \`${MESSAGE_IDS_TABLE}\` WHERE \`table\` = {table:String} AND id IN {ids:Array(String)} ORDER BY offset`,
      params: { table, ids },
      schema: Owner,
    });
    for (const { id, ...position } of rows) if (!owners.has(id)) owners.set(id, position);
    return owners;
  }

  async claim(table: string, claims: Array<{ id: string } & Position>): Promise<void> {
    if (claims.length === 0) return;
    await this.warehouse.insert({
      table: MESSAGE_IDS_TABLE,
      rows: claims.map(({ id, topic, partition, offset }) => ({
        table,
        id,
        topic,
        partition,
        offset: offset.toString(),
      })),
    });
  }
}

export function samePosition(a: Position, b: Position): boolean {
  return a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;
}
