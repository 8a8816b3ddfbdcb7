import { isolatedDatabase } from '@quarry/testkit';
import { openSharedBackends } from './pipeline.ts';
import { startPrivateRedis } from './private-redis.ts';

export type IsolatedBackends = Awaited<ReturnType<typeof openIsolatedBackends>>;

/**
 * Backends on a catalog database and a Redis of this file's own, plus the run's Kafka (topics of a
 * namespace of its own). Needed where another file could interfere: every writer delivers for every
 * project of its catalog, and every control API's usage flush moves every `usage_delta:*` of its
 * Redis. Counters are keyed by catalog ids (which restart at 1 in a fresh catalog), so a catalog of
 * its own needs counters of its own too. `close()` stops everything and drops the database.
 */
export async function openIsolatedBackends() {
  const [database, redis] = await Promise.all([isolatedDatabase(), startPrivateRedis({ args: [] })]);
  const backends = await openSharedBackends({ databaseUrl: database.url, redisUrl: redis.url });
  return {
    ...backends,
    databaseUrl: database.url,
    redisUrl: redis.url,
    async close() {
      await backends.bus.close();
      await backends.counters.close();
      await backends.catalog.close();
      await database.drop();
      await redis.kill();
    },
  };
}
