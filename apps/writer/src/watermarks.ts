import type { Warehouse } from '@quarry/warehouse';
import { z } from 'zod';

const Row = z.object({ stored: z.coerce.number(), last: z.coerce.bigint() });

/**
 * The highest source offset already stored per (table, partition). One partition's messages for a
 * table are inserted in offset order, each insert atomic, so every offset at or below it is stored:
 * a replay after a crash or rebalance skips those messages instead of storing them twice.
 */
export class Watermarks {
  private readonly known = new Map<string, bigint>();
  private readonly warehouse: Warehouse;

  constructor(warehouse: Warehouse) {
    this.warehouse = warehouse;
  }

  async get(table: string, partition: number): Promise<bigint> {
    const key = `${table}#${partition}`;
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    const [row] = await this.warehouse.query({
      name: 'writer.watermark',
      sql: `SELECT count() AS stored, max(__sourceOffset) AS last FROM \`${table}\` WHERE __sourcePartition = {partition:UInt32}`,
      params: { partition },
      schema: Row,
    });
    const watermark = row && row.stored > 0 ? row.last : -1n;
    this.known.set(key, watermark);
    return watermark;
  }

  advance(table: string, partition: number, offset: bigint): void {
    this.known.set(`${table}#${partition}`, offset);
  }

  /** A partition that left and came back may have been written by another writer meanwhile. */
  forgetPartition(partition: number): void {
    for (const key of this.known.keys()) if (key.endsWith(`#${partition}`)) this.known.delete(key);
  }
}
