import { randomBytes } from 'node:crypto';
import { createBus } from '@quarry/bus';
import { type Catalog, createCatalog } from '@quarry/catalog';
import { catalogDb, createKeyring, DEFAULT_PLANS, registerSchema } from '@quarry/control-plane';
import { createCounters } from '@quarry/counters';
import { topicNames, topicSpecs } from '@quarry/pipeline';
import { isolatedDatabase, localStack, tempDir } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { type ServiceProcess, startService } from '../../src/service-process.ts';
import { entry, eventually, freePort, startRedis } from './processes.ts';
import type { SecretBook } from './secret-book.ts';

const secret = (prefix: string) => `${prefix}-${randomBytes(12).toString('base64url')}`;

/**
 * The three services as their own processes at LOG_LEVEL debug, on the run's Kafka, a PostgreSQL
 * database of the scenario's own (it rotates and retires signing keys, installation-wide state) and
 * a Redis of its own with a password. Every URL they get carries a password, and the control API
 * gets a ClickHouse password for a server that is not there: its warehouse calls fail (the 5xx path).
 */
export async function startScenarioStack(book: SecretBook) {
  const redis = await startRedis(book.add('Redis password', secret('redis')));
  const database = await isolatedDatabase();
  const url = new URL(database.url);
  url.password = book.add('PostgreSQL password', secret('pg/pw+'));
  const databaseUrl = url.toString();
  const encryptionKey = randomBytes(32);
  book.addBytes('SIGNING_KEY_ENCRYPTION_KEY', encryptionKey);
  const destinationKey = randomBytes(32);
  book.addBytes('DESTINATION_ENCRYPTION_KEY', destinationKey);
  const namespace = `secrets-${randomBytes(4).toString('hex')}`;
  await ensureTopics(namespace);
  const warehouseDir = await tempDir('secrets-warehouse');
  const services: { app: string; service: ServiceProcess }[] = [];
  // Not echoed: the scenario provokes warnings and errors on purpose.
  const start = async (app: string, env: Record<string, string>) => {
    const service = await startService({
      entry: entry(app),
      env: { LOG_LEVEL: 'debug', ...env },
      echo: false,
    });
    services.push({ app, service });
    return service;
  };

  const controlEnv = {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`,
    CLICKHOUSE_USER: 'quarry',
    CLICKHOUSE_PASSWORD: book.add('ClickHouse password', secret('clickhouse')),
    KAFKA_BROKERS: localStack().kafkaBrokers.join(','),
    SIGNING_KEY_ENCRYPTION_KEY: encryptionKey.toString('base64'),
    DESTINATION_ENCRYPTION_KEY: destinationKey.toString('base64'),
    // The scenario signs its users up over HTTP; the split services' default is invite-only.
    SIGNUP_MODE: 'open',
  };
  const gatewayEnv = {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    KAFKA_BROKERS: localStack().kafkaBrokers.join(','),
    KAFKA_TOPIC_NAMESPACE: namespace,
    KEY_STATUS_REFRESH_MS: '500',
    PUBLIC_KEY_REFRESH_MS: '3000',
    MAX_BODY_BYTES: '65536',
    // The scenario sends many log requests with one key: the rate limit is not what it tests.
    LOG_RATE_PER_SECOND: '1000',
    LOG_RATE_BURST: '1000',
  };
  const control = await start('control-api', controlEnv);
  const gateway = await start('ingest-gateway', gatewayEnv);
  const catalog = await createCatalog({ kind: 'postgres', url: databaseUrl });

  return {
    redis,
    databaseUrl,
    encryptionKey,
    catalog,
    control,
    gateway,
    controlEnv,
    gatewayEnv,
    warehouseDir,
    services,
    start,
    /** The writer on the scenario's chDB directory, failing deliveries fast (two attempts). */
    startWriter: () =>
      start('writer', {
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: localStack().kafkaBrokers.join(','),
        KAFKA_TOPIC_NAMESPACE: namespace,
        CONSUMER_GROUP: `writer-${namespace}`,
        WAREHOUSE_DATA_DIR: warehouseDir,
        HEALTH_PORT: '0',
        BATCH_MAX_WAIT_MS: '100',
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        DELIVERY_MAX_ATTEMPTS: '2',
        DELIVERY_BACKOFF_BASE_MS: '100',
        DELIVERY_BACKOFF_MAX_MS: '200',
        DELIVERY_POLL_MS: '100',
        DELIVERY_TIMEOUT_MS: '3000',
        // Each scenario changes the destination: the writer reads the change within this.
        PROJECT_REFRESH_MS: '200',
        DESTINATION_ENCRYPTION_KEY: destinationKey.toString('base64'),
        // The scenario's receivers and databases are on this machine: re-opened explicitly.
        DESTINATION_ALLOWED_CIDRS: '127.0.0.1/32',
      }),
    /**
     * Registers a dataset's schema with the verb, on the writer's chDB directory (before the writer
     * holds it): the HTTP route cannot create the table, there is no ClickHouse behind the control API.
     */
    async registerSchema(input: {
      email: string;
      slug: string;
      datasetId: number;
      fields: Record<string, string>;
    }) {
      const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
      const counters = createCounters({ kind: 'redis', url: redis.url });
      const db = catalogDb(catalog);
      const [owner] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [input.email]);
      try {
        const deps = {
          db,
          warehouse,
          counters,
          keyring: createKeyring(db, encryptionKey),
          destinationKey,
          plans: DEFAULT_PLANS,
        };
        const ctx = { deps, actor: { userId: Number(owner?.id) } };
        await registerSchema(ctx, input.slug, input.datasetId, { fields: input.fields });
      } finally {
        await counters.close();
        await warehouse.close();
      }
    },
    /** SIGTERM to every service still running; each drains and exits. */
    stopServices: () => Promise.all(services.map(({ service }) => stopped(service))),
    async close() {
      await Promise.all(services.map(({ service }) => stopped(service)));
      await catalog.close();
      await redis.stop();
      await database.drop();
    },
  };
}

export type ScenarioStack = Awaited<ReturnType<typeof startScenarioStack>>;

async function ensureTopics(namespace: string): Promise<void> {
  const bus = await createBus({ kind: 'kafka', brokers: localStack().kafkaBrokers, clientId: namespace });
  try {
    await bus.admin.ensureTopics(
      topicSpecs(topicNames(namespace)).map((spec) => ({ ...spec, partitions: 1 })),
    );
  } finally {
    await bus.close();
  }
}

/** Stops a service if it still runs, and waits until everything it printed was read. */
async function stopped(service: ServiceProcess): Promise<void> {
  const { child } = service;
  const closed = new Promise((done) => (child.stdout?.closed ? done(undefined) : child.once('close', done)));
  if (child.exitCode === null && child.signalCode === null) await service.stop();
  await closed;
  await new Promise((done) => setImmediate(done));
}

/** Rows of the scenario's catalog, e.g. the errors of failed deliveries. */
export async function catalogTexts(catalog: Catalog, sql: string): Promise<string[]> {
  const { rows } = await catalog.query<{ text: string | null }>(sql);
  return rows.flatMap((row) => (row.text ? [row.text] : []));
}

export { eventually };
