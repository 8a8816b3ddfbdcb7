import { LOCAL_REDIS_URL } from '@quarry/local-stack';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { newRunId } from './postgres-db.ts';
import { reserveRedisDb } from './redis-db.ts';

describe('reserveRedisDb', () => {
  it('gives concurrent runs different databases and frees them on release', async () => {
    const runIds = [newRunId(), newRunId()];
    const [one, two] = await Promise.all(runIds.map((runId) => reserveRedisDb(runId, LOCAL_REDIS_URL)));
    if (!one || !two) throw new Error('both reservations should succeed');
    expect(one.db).not.toBe(two.db);
    expect([one.db, two.db].every((db) => db >= 1 && db <= 15)).toBe(true);
    const reservations = new Redis(LOCAL_REDIS_URL);
    try {
      expect(await reservations.get(`quarry:testdb:${one.db}`)).toBe(runIds[0]);
      await Promise.all([one.release(), two.release()]);
      expect(await reservations.get(`quarry:testdb:${one.db}`)).not.toBe(runIds[0]);
    } finally {
      reservations.disconnect();
    }
  });

  it('hands over an empty database and empties it again on release', async () => {
    const reserved = await reserveRedisDb(newRunId(), LOCAL_REDIS_URL);
    const client = new Redis(reserved.url);
    try {
      expect(await client.dbsize()).toBe(0);
      await client.set('left-behind', '1');
      await reserved.release();
      expect(await client.dbsize()).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});
