import type { Db } from './deps.ts';
import type { PatRow } from './pats.ts';
import type { QueryTargetRow } from './query.ts';

/**
 * Counts the catalog writes this process has finished. A cached read taken before the latest one
 * may miss it (a revoked token, a removed member), so it is read again: revocation is immediate on
 * the process that wrote it, and other processes see it once `CATALOG_READ_TTL_MS` has passed.
 */
export class CatalogWrites {
  private finished = 0;

  get generation(): number {
    return this.finished;
  }

  /** `db` whose writes count once done: every statement but a SELECT, and every transaction. */
  watch(db: Db): Db {
    const counted = async <T>(write: boolean, work: Promise<T>): Promise<T> => {
      try {
        return await work;
      } finally {
        // Failed writes count too: whether a timed-out statement committed is unknown.
        if (write) this.finished += 1;
      }
    };
    return {
      query: <R>(sql: string, params?: unknown[]) => counted(!READ.test(sql), db.query<R>(sql, params)),
      transaction: (fn) => counted(true, db.transaction(fn)),
    };
  }
}

const READ = /^\s*select\b/i;

/** How long a catalog write made by another process (a token revoked there) can go unseen here. */
export const CATALOG_READ_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Values read from the catalog, kept until `ttlMs` passes or this process writes to the catalog.
 * Only values `keep` accepts are kept: a miss (an unknown token, a dataset not created yet) is read
 * every time, so staleness can only let something recently removed through, never refuse it.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; generation: number; until: number }>();
  private readonly writes: CatalogWrites;
  private readonly ttlMs: number;

  constructor(writes: CatalogWrites, ttlMs: number = CATALOG_READ_TTL_MS) {
    this.writes = writes;
    this.ttlMs = ttlMs;
  }

  async read(key: string, load: () => Promise<V>, keep: (value: V) => boolean): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.writes.generation && hit.until > performance.now()) return hit.value;
    this.entries.delete(key);
    const generation = this.writes.generation;
    const value = await load();
    // A write that finished while this read was in flight may be missing from `value`: not kept.
    if (keep(value) && generation === this.writes.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.evictOldest();
      this.entries.set(key, { value, generation, until: performance.now() + this.ttlMs });
    }
    return value;
  }

  /** Reads `key` from the catalog next time, e.g. when what the cached value names has gone. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}

/** The reads every API request repeats: its token, then for a query the membership and dataset. */
export interface CatalogReads {
  pats: ReadCache<PatRow | undefined>;
  queryTargets: ReadCache<QueryTargetRow | undefined>;
}

export function createCatalogReads(writes: CatalogWrites, ttlMs?: number): CatalogReads {
  return { pats: new ReadCache(writes, ttlMs), queryTargets: new ReadCache(writes, ttlMs) };
}
