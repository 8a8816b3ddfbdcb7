import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { localStack } from './stack.ts';

describe('the stack handed to integration tests', () => {
  it('has a Redis database of its own, never DB 0', async () => {
    const { redisUrl } = localStack();
    const db = Number(new URL(redisUrl).pathname.slice(1));
    expect(db).toBeGreaterThanOrEqual(1);
    const reservations = new Redis(redisUrl.replace(/\/\d+$/, '/0'));
    try {
      expect(await reservations.get(`quarry:testdb:${db}`)).toBeTruthy();
    } finally {
      reservations.disconnect();
    }
  });

  it('has a fresh PostgreSQL database named after the run', async () => {
    const client = new pg.Client({ connectionString: localStack().databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('select current_database() as name');
      expect(rows[0]?.name).toMatch(/^quarry_test_/);
    } finally {
      await client.end();
    }
  });

  it('has a broker on loopback', () => {
    expect(localStack().kafkaBrokers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
  });
});
