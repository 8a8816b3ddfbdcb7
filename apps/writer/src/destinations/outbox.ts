import type { SqlExecutor } from '@quarry/catalog';
import type { OutboxEntry } from '../decode-logs.ts';
import { type DeliveredEvent, takeBatch } from './events.ts';

/** One outbox row waiting for delivery. */
export interface PendingDelivery {
  id: number;
  attempts: number;
  eventCount: number;
  events: DeliveredEvent[];
}

/** Rows per INSERT statement: keeps one statement's JSON parameter to a few megabytes. */
const ENQUEUE_CHUNK = 200;

/**
 * The delivery outbox in the catalog (tables `log_deliveries` and `log_delivery_lanes`). The writer
 * enqueues before it commits a message's offset, so a crash loses nothing, and the unique bus
 * position makes a replayed message a no-op. Deliverers lease one project's lane at a time.
 */
export class Outbox {
  private readonly db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.db = db;
  }

  async enqueue(entries: readonly OutboxEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += ENQUEUE_CHUNK) {
      const rows = entries.slice(start, start + ENQUEUE_CHUNK).map((entry) => ({
        project_id: entry.projectId,
        source_topic: entry.topic,
        source_partition: entry.partition,
        source_offset: entry.offset,
        events: entry.events,
        event_count: entry.events.length,
      }));
      // One statement, so the rows and their lanes appear together.
      await this.db.query(
        `WITH input AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(project_id bigint, source_topic text,
             source_partition integer, source_offset bigint, events jsonb, event_count integer)
         ), inserted AS (
           INSERT INTO log_deliveries (project_id, source_topic, source_partition, source_offset, events, event_count)
           SELECT project_id, source_topic, source_partition, source_offset, events, event_count FROM input
           ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING
           RETURNING project_id
         )
         INSERT INTO log_delivery_lanes (project_id)
         SELECT DISTINCT project_id FROM input
         ON CONFLICT (project_id) DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
  }

  /** Leases up to `limit` due lanes with pending deliveries, skipping `busy` ones and those leased elsewhere. */
  async claimLanes(
    limit: number,
    busy: readonly number[],
    owner: string,
    leaseMs: number,
  ): Promise<number[]> {
    const { rows } = await this.db.query<{ project_id: number }>(
      `UPDATE log_delivery_lanes SET leased_until = now() + make_interval(secs => $2::double precision / 1000),
         leased_by = $3
       WHERE project_id IN (
         SELECT l.project_id FROM log_delivery_lanes l
         WHERE l.next_attempt_at <= now() AND (l.leased_until IS NULL OR l.leased_until < now())
           AND l.project_id <> ALL($4::bigint[])
           AND EXISTS (SELECT 1 FROM log_deliveries d WHERE d.project_id = l.project_id AND d.state = 'pending')
         ORDER BY l.next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING project_id`,
      [limit, leaseMs, owner, busy],
    );
    return rows.map((row) => Number(row.project_id));
  }

  /** The lane's oldest pending deliveries that fit in one request of at most `maxEvents` events. */
  async nextBatch(projectId: number, maxEvents: number): Promise<PendingDelivery[]> {
    const { rows: heads } = await this.db.query<{ id: number; attempts: number; event_count: number }>(
      `SELECT id, attempts, event_count FROM log_deliveries
       WHERE project_id = $1 AND state = 'pending' ORDER BY id LIMIT $2`,
      [projectId, maxEvents],
    );
    const batch = takeBatch(
      heads.map((row) => ({ id: Number(row.id), attempts: row.attempts, eventCount: row.event_count })),
      maxEvents,
    );
    if (batch.length === 0) return [];
    const { rows } = await this.db.query<{ id: number; events: DeliveredEvent[] }>(
      'SELECT id, events FROM log_deliveries WHERE id = ANY($1::bigint[])',
      [batch.map((delivery) => delivery.id)],
    );
    const events = new Map(rows.map((row) => [Number(row.id), row.events]));
    return batch.map((delivery) => ({ ...delivery, events: events.get(delivery.id) ?? [] }));
  }

  /**
   * Delivered, dropped (the project went back to the built-in store) or dead (out of attempts). A
   * dead verdict names the attempt it counts, like `failed`.
   */
  async finish(
    ids: readonly number[],
    state: 'delivered' | 'dropped' | 'dead',
    error?: string,
    attempt?: number,
  ): Promise<void> {
    await this.db.query(
      `UPDATE log_deliveries SET state = $2, finished_at = now(), last_error = $3,
         attempts = attempts + CASE WHEN $2 = 'dropped' THEN 0 ELSE 1 END
       WHERE id = ANY($1::bigint[]) AND state = 'pending' AND ($4::int IS NULL OR attempts < $4::int)`,
      [ids, state, error?.slice(0, 1000) ?? null, attempt ?? null],
    );
  }

  /**
   * Counts failed attempt number `attempt`; the rows stay pending. A writer whose lease ran out while
   * it was sending may report the same attempt as the lane's next holder: no row's count goes past
   * the attempt it reports, so a delivery is never declared dead before its last attempt.
   */
  async failed(ids: readonly number[], error: string, attempt: number): Promise<void> {
    await this.db.query(
      `UPDATE log_deliveries SET attempts = attempts + 1, last_error = $2
       WHERE id = ANY($1::bigint[]) AND state = 'pending' AND attempts < $3::int`,
      [ids, error.slice(0, 1000), attempt],
    );
  }

  /** Extends a lease this owner still holds; false when it expired and another writer may have the lane. */
  async renew(projectId: number, owner: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE log_delivery_lanes SET leased_until = now() + make_interval(secs => $3::double precision / 1000)
       WHERE project_id = $1 AND leased_by = $2 AND leased_until > now()`,
      [projectId, owner, leaseMs],
    );
    return rowCount === 1;
  }

  /** Gives the lane back; after a failure its next attempt waits `delayMs`. */
  async release(projectId: number, owner: string, delayMs: number): Promise<void> {
    await this.db.query(
      `UPDATE log_delivery_lanes SET leased_until = NULL, leased_by = NULL,
         next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE project_id = $1 AND leased_by = $2`,
      [projectId, owner, delayMs],
    );
  }

  /**
   * Forgets finished rows after `keepMs`. Until then a replayed message finds its row and is not
   * delivered again; past it, only an operator's offset reset could replay it.
   */
  async prune(keepMs: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM log_deliveries WHERE state IN ('delivered', 'dropped')
         AND finished_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [keepMs],
    );
    return rowCount;
  }
}
