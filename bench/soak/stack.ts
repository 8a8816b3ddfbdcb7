import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bus, createBus } from '@quarry/bus';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { datasetTableDdl, TOPIC_SPECS } from '@quarry/pipeline';
import {
  type AppProcess,
  findPid,
  freePort,
  startAppProcess,
  startGatewayProcess,
  startLaunchedApp,
} from '../lib/gateway-process.ts';
import { reserveRunBackends } from '../lib/ingest-setup.ts';
import { seedStatement } from './queries.ts';
import { SOAK_SCHEMA } from './records.ts';
import { createTenant, type Tenant } from './tenant.ts';
import { runWarehouseJob } from './warehouse.ts';

export const APP_NAMES = ['gateway', 'writer', 'control-api'] as const;
export type AppName = (typeof APP_NAMES)[number];

const APPS = join(import.meta.dirname, '../../apps');
const CONTROL_API = join(APPS, 'control-api/src/server.ts');

export interface Stack {
  apps: Record<AppName, AppProcess>;
  tenant: Tenant;
  /** An admin client for consumer-group lag. */
  bus: Bus;
  brokerPid: number | undefined;
  /** The writer's chDB directory: read once the writer has exited. */
  writerWarehouseDir: string;
}

/**
 * Kafka of its own, a fresh PostgreSQL database and Redis database, the topics, then the three apps
 * as their own processes. chDB binds one directory per process, so the control API and the writer
 * each have a warehouse directory; the tenant's table is made in both (see soak.ts's header).
 */
export async function startStack(options: {
  work: string;
  logLevel: string;
  seedRows: number;
  reserveSeconds: number;
  log: (line: string) => void;
  /** Registers a teardown step; the caller runs them in reverse, whether the start succeeded or not. */
  defer: (name: string, step: () => Promise<unknown>) => void;
}): Promise<Stack> {
  const { work, log, defer } = options;
  await ensureLocalServices();
  log('starting a private Kafka broker (the first run downloads its jars)');
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  defer('stop Kafka', () => kafka.stop());
  const backends = await reserveRunBackends('soak', options.reserveSeconds);
  defer('drop the database, free the Redis database', () => backends.cleanup());
  log(`PostgreSQL database and Redis ${backends.redisUrl} reserved for run ${backends.runId}`);
  const bus = await createBus({ kind: 'kafka', brokers: kafka.brokers, clientId: 'soak-admin' });
  defer('close the admin client', () => bus.close());
  await bus.admin.ensureTopics(TOPIC_SPECS);
  await mkdir(join(work, 'logs'), { recursive: true });
  const logFile = (app: string) => join(work, 'logs', `${app}.log`);
  const dirs = { control: join(work, 'control-api-warehouse'), writer: join(work, 'writer-warehouse') };
  const shared = {
    LOG_LEVEL: options.logLevel,
    DATABASE_URL: backends.databaseUrl,
    REDIS_URL: backends.redisUrl,
    KAFKA_BROKERS: kafka.brokers.join(','),
    DESTINATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const controlEnv = {
    ...shared,
    WAREHOUSE_DATA_DIR: dirs.control,
    SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Tenants sign up over HTTP; the split services' default is invite-only.
    SIGNUP_MODE: 'open',
  };
  const startControl = async () => {
    const app = await startAppProcess({
      entry: CONTROL_API,
      port: await freePort(),
      env: controlEnv,
      logFile: logFile('control-api'),
    });
    defer('stop the control API', () => app.stop());
    return app;
  };

  log('control API: migrating the catalog, creating the tenant over HTTP');
  const first = await startControl();
  const tenant = await createTenant(first.url, SOAK_SCHEMA);
  await first.stop();
  log(
    `tenant: project ${tenant.project} (id ${tenant.projectId}), dataset ${tenant.datasetId}, ingest key, PAT`,
  );

  log(`seeding the control API's table with ${options.seedRows.toLocaleString()} fixed rows`);
  await runWarehouseJob({
    dataDir: dirs.control,
    commands: [seedStatement(tenant.datasetId, options.seedRows)],
  });
  // What a shared ClickHouse server would already hold: the table registerSchema made, in the writer's engine.
  await runWarehouseJob({
    dataDir: dirs.writer,
    commands: [{ name: 'soak.writer_table', sql: datasetTableDdl(tenant.datasetId, SOAK_SCHEMA) }],
  });

  log('starting the control API, the writer and the gateway');
  const control = await startControl();
  const writer = await startLaunchedApp('writer', {
    port: await freePort(),
    portVariable: 'HEALTH_PORT',
    env: { ...shared, WAREHOUSE_DATA_DIR: dirs.writer },
    logFile: logFile('writer'),
    readyTimeoutMs: 120_000,
  });
  defer('stop the writer', () => writer.stop());
  // After the key exists: the gateway reads the signing keys' public halves at start.
  const gateway = await startGatewayProcess({
    port: await freePort(),
    logFile: logFile('gateway'),
    env: {
      ...shared,
      // The soak measures the path, not the plan: quotas unlimited, the log rate limit out of reach.
      DEFAULT_DATASET_RECORDS_QUOTA: '-1',
      DEFAULT_LOGS_QUOTA: '-1',
      LOG_RATE_PER_SECOND: '1000000',
      LOG_RATE_BURST: '1000000',
    },
  });
  defer('stop the gateway', () => gateway.stop());
  return {
    apps: { gateway, writer, 'control-api': control },
    tenant,
    bus,
    brokerPid: findPid(join(work, 'kafka', 'server.properties')),
    writerWarehouseDir: dirs.writer,
  };
}
