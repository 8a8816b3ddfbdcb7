import pg from 'pg';
import type { Egress } from './egress/egress.ts';
import { findRefusal } from './egress/egress.ts';
import type { DeliveredEvent } from './events.ts';
import { type DeliveryOutcome, describeFailure } from './outcome.ts';
import { parsePostgresTarget, poolConfig } from './postgres-target.ts';

/** The table a `direct_db_postgres` destination receives, created when missing. */
export const DIRECT_TABLE = 'quarry_logs';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${DIRECT_TABLE} (
  event_id text PRIMARY KEY,
  project text NOT NULL,
  "timestamp" timestamptz NOT NULL,
  level text NOT NULL,
  message text NOT NULL,
  metadata jsonb NOT NULL,
  env text NOT NULL,
  source text NOT NULL,
  trace_id text NOT NULL,
  ingested_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${DIRECT_TABLE}_timestamp ON ${DIRECT_TABLE} ("timestamp")`;

// The event id is the primary key: a retried batch (or one delivered again after a crash) adds nothing.
const INSERT = `INSERT INTO ${DIRECT_TABLE}
  (event_id, project, "timestamp", level, message, metadata, env, source, trace_id, ingested_at)
SELECT e.id, $2, e."timestamp", e.level, e.message, e.metadata, e.env, e.source, e."traceId", e."ingestedAt"
FROM jsonb_to_recordset($1::jsonb) AS e(id text, "timestamp" timestamptz, level text, message text,
  metadata jsonb, env text, source text, "traceId" text, "ingestedAt" timestamptz)
ON CONFLICT (event_id) DO NOTHING`;

/**
 * Writes batches into the databases of `direct_db_postgres` destinations: one small pool per URL,
 * opened to the address the egress check returned. A failed attempt closes the pool, so the next
 * one resolves and checks the host again.
 */
export class PostgresDestinations {
  private readonly pools = new Map<string, { pool: pg.Pool; tableReady: boolean }>();
  private readonly egress: Egress;
  private readonly timeoutMs: number;

  constructor(egress: Egress, timeoutMs: number) {
    this.egress = egress;
    this.timeoutMs = timeoutMs;
  }

  async deliver(url: string, project: string, events: readonly DeliveredEvent[]): Promise<DeliveryOutcome> {
    let target: { pool: pg.Pool; tableReady: boolean } | undefined;
    try {
      target = await this.target(url);
      if (!target.tableReady) {
        await target.pool.query(CREATE_TABLE);
        target.tableReady = true;
      }
      await target.pool.query(INSERT, [JSON.stringify(events), project]);
      return { ok: true };
    } catch (error) {
      await this.forget(url);
      const refused = findRefusal(error);
      if (refused) return { ok: false, error: `direct_db_postgres: ${refused.message}`, permanent: true };
      return { ok: false, error: `direct_db_postgres: ${describeFailure(error)}` };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.keys()].map((url) => this.forget(url)));
  }

  private async forget(url: string): Promise<void> {
    const target = this.pools.get(url);
    this.pools.delete(url);
    await target?.pool.end().catch(() => undefined);
  }

  private async target(url: string): Promise<{ pool: pg.Pool; tableReady: boolean }> {
    const known = this.pools.get(url);
    if (known) return known;
    const settings = parsePostgresTarget(url);
    const address = await this.egress.resolve(settings.host);
    const pool = new pg.Pool(poolConfig(settings, address, this.timeoutMs));
    // A dropped idle connection is replaced on the next checkout; unhandled, it would end the process.
    pool.on('error', () => {});
    const target = { pool, tableReady: false };
    this.pools.set(url, target);
    return target;
  }
}
