import { randomBytes } from 'node:crypto';
import { type Catalog, createCatalog } from '@quarry/catalog';
import {
  catalogDb,
  createDataset,
  createIngestKey,
  createKeyring,
  createProject,
  DEFAULT_PLANS,
  type Plans,
  planLimits,
  registerSchema,
  setUserQuota,
  signup,
} from '@quarry/control-plane';
import { type Counters, createCounters } from '@quarry/counters';
import { LOCAL_POSTGRES_URL, LOCAL_REDIS_URL } from '@quarry/local-stack';
import type { FieldType } from '@quarry/schema';
import { createWarehouse } from '@quarry/warehouse';
import pg from 'pg';

/** Eight declared fields (plus the standard timestamp and context), every type represented. */
export const BENCH_FIELDS: Record<string, FieldType> = {
  country: 'string',
  plan: 'string',
  amount: 'number',
  active: 'boolean',
  signup_at: 'timestamp',
  city: 'string',
  items: 'number',
  coupon: 'boolean',
};

export function benchRecord(i: number): Record<string, unknown> {
  return {
    timestamp: new Date(Date.UTC(2026, 5, 10, 10, 0, i % 60)).toISOString(),
    context: { source: 'bench', request: i, tags: ['a', 'b'] },
    country: ['RO', 'US', 'DE', 'FR'][i % 4],
    plan: i % 3 === 0 ? 'pro' : 'free',
    amount: Math.round(i * 137.31) / 100,
    active: i % 2 === 0,
    signup_at: '2026-01-02T03:04:05.678Z',
    city: `city-${i % 97}`,
    items: i % 11,
    coupon: i % 5 === 0,
  };
}

export interface IngestBenchSetup {
  databaseUrl: string;
  redisUrl: string;
  datasetId: number;
  projectId: number;
  apiKey: string;
  cleanup(): Promise<void>;
}

const REDIS_RESERVATION_TTL_S = 2 * 60 * 60;

export interface RunBackends {
  runId: string;
  databaseUrl: string;
  redisUrl: string;
  /** Drops the database, empties the Redis database and gives its reservation back. */
  cleanup(): Promise<void>;
}

/**
 * A fresh PostgreSQL database and a Redis database of its own (reserved as the testkit does, in DB 0;
 * the reservation expires after `reserveSeconds`, so a crashed run frees it), both empty.
 */
export async function reserveRunBackends(
  label = 'bench',
  reserveSeconds = REDIS_RESERVATION_TTL_S,
): Promise<RunBackends> {
  // Named like the testkit's databases, so one a crashed run leaves behind is dropped hours later.
  const runId = `${Date.now().toString(36)}_${label}${randomBytes(3).toString('hex')}`;
  const databaseName = `quarry_test_${runId}`;
  await withServer((client) => client.query(`CREATE DATABASE "${databaseName}"`));
  const databaseUrl = new URL(LOCAL_POSTGRES_URL);
  databaseUrl.pathname = `/${databaseName}`;

  const reservations = createCounters({ kind: 'redis', url: LOCAL_REDIS_URL });
  let redisDb = 0;
  for (let db = 15; db >= 1 && redisDb === 0; db--) {
    if (await reservations.setIfAbsent(`quarry:testdb:${db}`, runId, reserveSeconds)) redisDb = db;
  }
  if (redisDb === 0) throw new Error('every Redis database 1..15 is reserved (keys quarry:testdb:* in DB 0)');
  const redisUrl = `${LOCAL_REDIS_URL}/${redisDb}`;
  const emptyRedis = async () => {
    const run = createCounters({ kind: 'redis', url: redisUrl });
    for (const key of await run.scanKeys('*')) await run.delete(key);
    await run.close();
  };
  await emptyRedis();
  return {
    runId,
    databaseUrl: databaseUrl.toString(),
    redisUrl,
    async cleanup() {
      await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
      await emptyRedis();
      await reservations.delete(`quarry:testdb:${redisDb}`);
      await reservations.close();
    },
  };
}

/**
 * A fresh PostgreSQL database and a Redis database of its own (see reserveRunBackends), then a user,
 * project, 8-field dataset and ingest key made through the control-plane verbs.
 */
export async function setUpIngestBench(warehouseDir: string): Promise<IngestBenchSetup> {
  const project = await openBenchProject(warehouseDir);
  try {
    const datasetId = await project.addDataset();
    const { databaseUrl, redisUrl, projectId, apiKey, cleanup } = project;
    return { databaseUrl, redisUrl, datasetId, projectId, apiKey, cleanup };
  } finally {
    await project.close();
  }
}

export interface BenchProject {
  databaseUrl: string;
  redisUrl: string;
  projectId: number;
  apiKey: string;
  /** A new dataset of the 8-field bench schema, its table created in the warehouse; its id. */
  addDataset(): Promise<number>;
  /** Closes the connections the setup used; the databases stay for the run. */
  close(): Promise<void>;
  /** Drops the run's database and empties its Redis database. */
  cleanup(): Promise<void>;
}

// The free plan allows 10 datasets per project; a bench spreading over every partition needs more.
const BENCH_PLANS: Plans = { ...DEFAULT_PLANS, free: { ...planLimits(DEFAULT_PLANS, 'free'), datasets: -1 } };

/**
 * A fresh PostgreSQL database and Redis database (reserveRunBackends), a user with no record quota,
 * the project `bench` and an ingest key, made through the control-plane verbs; datasets on demand.
 */
export async function openBenchProject(warehouseDir: string): Promise<BenchProject> {
  const backends = await reserveRunBackends();
  const catalog: Catalog = await createCatalog({ kind: 'postgres', url: backends.databaseUrl });
  const counters: Counters = createCounters({ kind: 'redis', url: backends.redisUrl });
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const close = async () => {
    await counters.close();
    await warehouse.close();
    await catalog.close();
  };
  try {
    await catalog.migrate();
    const db = catalogDb(catalog);
    const deps = {
      db,
      warehouse,
      counters,
      keyring: createKeyring(db, randomBytes(32)),
      destinationKey: randomBytes(32),
      plans: BENCH_PLANS,
    };
    const user = await signup(deps, {
      email: `bench-${backends.runId}@example.com`,
      password: 'bench-password',
    });
    const ctx = { deps, actor: { userId: user.id } };
    const project = await createProject(ctx, { slug: 'bench' });
    await setUserQuota(deps, { userId: user.id, bucket: 'datasets', limit: -1 });
    const { apiKey } = await createIngestKey(ctx, 'bench', { name: 'bench' });
    let datasets = 0;
    return {
      databaseUrl: backends.databaseUrl,
      redisUrl: backends.redisUrl,
      projectId: project.id,
      apiKey,
      async addDataset() {
        datasets += 1;
        const name = datasets === 1 ? 'Orders' : `Orders ${datasets}`;
        const dataset = await createDataset(ctx, 'bench', { name });
        await registerSchema(ctx, 'bench', dataset.id, { fields: BENCH_FIELDS });
        return dataset.id;
      },
      close,
      cleanup: backends.cleanup,
    };
  } catch (error) {
    await close();
    await backends.cleanup();
    throw error;
  }
}

async function withServer(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
