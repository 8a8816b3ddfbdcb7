import { LOCAL_POSTGRES_URL } from '@quarry/local-stack';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, newRunId } from './postgres-db.ts';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a database of the run that tests can use, and drops it even while connected', async () => {
    const database = await createTestDatabase(newRunId(), LOCAL_POSTGRES_URL);
    const [row] = await query<{ name: string }>(database.url, 'select current_database() as name');
    expect(row?.name).toBe(database.name);
    expect(database.name).toMatch(/^quarry_test_[a-z0-9]+_[a-z0-9]+$/);

    const lingering = new pg.Client({ connectionString: database.url });
    await lingering.connect();
    lingering.on('error', () => undefined); // the forced drop ends this session
    await database.drop();
    const left = await query(
      LOCAL_POSTGRES_URL,
      `select 1 from pg_database where datname = '${database.name}'`,
    );
    expect(left).toEqual([]);
  });

  it('drops databases that crashed runs left behind hours ago', async () => {
    const stale = await createTestDatabase(newRunId(Date.now() - 7 * 60 * 60 * 1000), LOCAL_POSTGRES_URL);
    const fresh = await createTestDatabase(newRunId(), LOCAL_POSTGRES_URL);
    const names = (
      await query<{ datname: string }>(LOCAL_POSTGRES_URL, 'select datname from pg_database')
    ).map((row) => row.datname);
    expect(names).not.toContain(stale.name);
    expect(names).toContain(fresh.name);
    await fresh.drop();
  });
});
