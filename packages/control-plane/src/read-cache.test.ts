import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from './deps.ts';
import { CatalogWrites, ReadCache } from './read-cache.ts';

// A catalog that answers every statement at once, standing in for PostgreSQL: only what reaches it matters.
function recordingDb() {
  const statements: string[] = [];
  const db: Db = {
    query: async <R>(sql: string) => {
      statements.push(sql);
      return [] as R[];
    },
    transaction: (fn) => fn(db),
  };
  return { db, statements };
}

/** A cache of numbers whose loads count how often the catalog was asked. */
function countingCache(ttlMs = 1_000) {
  const writes = new CatalogWrites();
  const cache = new ReadCache<number | undefined>(writes, ttlMs);
  let loads = 0;
  const read = (found = true) =>
    cache.read(
      'key',
      async () => {
        loads += 1;
        return found ? loads : undefined;
      },
      (found) => found !== undefined,
    );
  return { writes, cache, read, loads: () => loads };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ReadCache', () => {
  it('answers a repeated read from memory until its time is up', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { read, loads } = countingCache(1_000);
    await read();
    await read();
    expect(loads()).toBe(1);
    vi.advanceTimersByTime(1_001);
    await read();
    expect(loads()).toBe(2);
  });

  it('reads again after any write this process finished, in a statement or a transaction', async () => {
    const { writes, read, loads } = countingCache();
    const { db } = recordingDb();
    const watched = writes.watch(db);
    await read();
    await watched.query('SELECT 1');
    await read();
    expect(loads()).toBe(1);
    await watched.query('UPDATE personal_access_tokens SET revoked_at = now()');
    await read();
    expect(loads()).toBe(2);
    await watched.transaction((tx) => tx.query('SELECT 1'));
    await read();
    expect(loads()).toBe(3);
  });

  it('counts a write that failed: whether it committed is unknown', async () => {
    const { writes, read, loads } = countingCache();
    const failing: Db = {
      query: async () => {
        throw new Error('connection lost');
      },
      transaction: async () => {
        throw new Error('connection lost');
      },
    };
    await read();
    await expect(writes.watch(failing).query('DELETE FROM project_members')).rejects.toThrow();
    await read();
    expect(loads()).toBe(2);
  });

  it('does not keep a value read while a write was finishing: it may predate the write', async () => {
    const writes = new CatalogWrites();
    const cache = new ReadCache<number>(writes);
    const { db } = recordingDb();
    let loads = 0;
    const load = async () => {
      loads += 1;
      // The write lands between the read's start and its answer.
      await writes.watch(db).query('DELETE FROM project_members');
      return loads;
    };
    await cache.read('key', load, () => true);
    await cache.read(
      'key',
      async () => ++loads,
      () => true,
    );
    await cache.read(
      'key',
      async () => ++loads,
      () => true,
    );
    expect(loads).toBe(2);
  });

  it('never keeps a miss, so something created elsewhere is found at once', async () => {
    const { read, loads } = countingCache();
    await read(false);
    await read(false);
    expect(loads()).toBe(2);
  });

  it('keeps values apart by key', async () => {
    const cache = new ReadCache<string>(new CatalogWrites());
    const keep = () => true;
    await cache.read('a', async () => 'alpha', keep);
    expect(await cache.read('b', async () => 'beta', keep)).toBe('beta');
    expect(await cache.read('a', async () => 'other', keep)).toBe('alpha');
  });
});
