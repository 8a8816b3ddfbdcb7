import { Redis } from 'ioredis';

const LOCK_TTL_SECONDS = 2 * 60 * 60; // a crashed run's reservation frees itself
const FIRST_DB = 1; // DB 0 holds the reservations themselves
const LAST_DB = 15;

export interface ReservedRedisDb {
  db: number;
  url: string;
  release(): Promise<void>;
}

/**
 * Reserves one of Redis DBs 1..15 for this run with an atomic `SET NX EX` in DB 0, so concurrent
 * runs on one machine never share a database, then flushes it.
 */
export async function reserveRedisDb(runId: string, serverUrl: string): Promise<ReservedRedisDb> {
  const admin = new Redis(serverUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await admin.connect();
    for (let db = FIRST_DB; db <= LAST_DB; db++) {
      const won = await admin.set(lockKey(db), runId, 'EX', LOCK_TTL_SECONDS, 'NX');
      if (won !== 'OK') continue;
      const url = `${serverUrl.replace(/\/+$/, '')}/${db}`;
      await flush(url);
      return { db, url, release: () => releaseRedisDb(serverUrl, db, runId) };
    }
  } finally {
    admin.disconnect();
  }
  throw new Error(
    `all Redis test databases ${FIRST_DB}..${LAST_DB} are reserved (keys quarry:testdb:* in DB 0)`,
  );
}

async function flush(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}

// Deletes the reservation only if it is still ours (it may have expired and been taken by another run).
const RELEASE_IF_OURS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

async function releaseRedisDb(serverUrl: string, db: number, runId: string): Promise<void> {
  await flush(`${serverUrl.replace(/\/+$/, '')}/${db}`);
  const admin = new Redis(serverUrl, { maxRetriesPerRequest: 1 });
  try {
    await admin.eval(RELEASE_IF_OURS, 1, lockKey(db), runId);
  } finally {
    admin.disconnect();
  }
}

function lockKey(db: number): string {
  return `quarry:testdb:${db}`;
}
