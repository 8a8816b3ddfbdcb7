import { createCatalog } from '@quarry/catalog';
import { loadConfigOrExit } from '@quarry/config';
import { parseEncryptionKey } from '@quarry/control-plane';
import { createCounters } from '@quarry/counters';
import { createLogger, createShutdown, exitOnUncaught, onTerminationSignals } from '@quarry/observability';
import { createWarehouse, warehouseConfigFromEnv } from '@quarry/warehouse';
import { accessFromConfig, controlConfigSchema } from './config.ts';
import { startControlApi } from './start.ts';

const config = loadConfigOrExit('control-api', controlConfigSchema);
const logger = createLogger({ service: 'control-api', level: config.LOG_LEVEL });
exitOnUncaught(logger);
const catalog = await createCatalog({ kind: 'postgres', url: config.DATABASE_URL });
const warehouse = createWarehouse(warehouseConfigFromEnv(config));
const counters = createCounters(
  { kind: 'redis', url: config.REDIS_URL },
  {
    onError: (error) => logger.warn({ err: error }, 'redis'),
  },
);

// Migrations normally run as a Job before a rollout; running them here too is safe (advisory lock).
await catalog.migrate();
const api = await startControlApi(
  {
    logger,
    catalog,
    warehouse,
    counters,
    signingKeyEncryptionKey: parseEncryptionKey(config.SIGNING_KEY_ENCRYPTION_KEY),
    destinationKey: Buffer.from(config.DESTINATION_ENCRYPTION_KEY, 'base64'),
    sessions: {
      maxAgeSeconds: config.SESSION_MAX_AGE_SECONDS,
      idleTimeoutSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS,
    },
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    ...(config.CONSOLE_DIR
      ? { console: { dir: config.CONSOLE_DIR, ingestUrl: () => config.INGEST_PUBLIC_URL } }
      : {}),
    ...(config.PLANS_JSON ? { plans: config.PLANS_JSON } : {}),
    access: accessFromConfig(config),
    queryConcurrencyPerProject: config.QUERY_CONCURRENCY_PER_PROJECT,
  },
  { port: config.PORT, host: config.HOST },
);
logger.info(
  { url: api.server.url, signupMode: config.SIGNUP_MODE, trustedProxies: config.TRUSTED_PROXIES.cidrs },
  'control API listening',
);

onTerminationSignals(
  createShutdown({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [
      { name: 'drain http', run: () => api.stop() },
      { name: 'close counters', run: () => counters.close() },
      { name: 'close warehouse', run: () => warehouse.close() },
      { name: 'close catalog', run: () => catalog.close() },
    ],
  }),
);
