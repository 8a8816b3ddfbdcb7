import { createBus } from '@quarry/bus';
import { createCatalog } from '@quarry/catalog';
import { kafkaSecurityFromEnv, loadConfigOrExit } from '@quarry/config';
import { createCounters } from '@quarry/counters';
import { createLogger, createShutdown, exitOnUncaught, onTerminationSignals } from '@quarry/observability';
import { topicNames } from '@quarry/pipeline';
import { gatewayConfigSchema } from './config.ts';
import { DEFAULT_IDEMPOTENCY } from './services.ts';
import { startGateway } from './start.ts';

const config = loadConfigOrExit('ingest-gateway', gatewayConfigSchema);
const logger = createLogger({ service: 'ingest-gateway', level: config.LOG_LEVEL });
exitOnUncaught(logger);
const bus = await createBus({
  kind: 'kafka',
  brokers: config.KAFKA_BROKERS,
  clientId: config.KAFKA_CLIENT_ID,
  ...kafkaSecurityFromEnv(config),
});
const catalog = await createCatalog({ kind: 'postgres', url: config.DATABASE_URL });
const counters = createCounters(
  { kind: 'redis', url: config.REDIS_URL },
  {
    onError: (error) => logger.warn({ err: error }, 'redis'),
  },
);

// Idempotency records may live apart from the quota counters (see docs/operations.md).
const idempotencyCounters = config.IDEMPOTENCY_REDIS_URL
  ? createCounters(
      { kind: 'redis', url: config.IDEMPOTENCY_REDIS_URL },
      { onError: (error) => logger.warn({ err: error }, 'idempotency redis') },
    )
  : undefined;

const gateway = await startGateway(
  {
    logger,
    bus,
    catalog,
    counters,
    ...(idempotencyCounters ? { idempotencyCounters } : {}),
    limits: {
      maxBodyBytes: config.MAX_BODY_BYTES,
      maxBatchRecords: config.MAX_BATCH_RECORDS,
      maxInFlight: config.MAX_IN_FLIGHT,
      maxInFlightBytes: config.MAX_IN_FLIGHT_BYTES,
      maxMonthsPerRequest: config.MAX_MONTHS_PER_REQUEST,
    },
    quotaDefaults: {
      datasetRecordsPerMonth: config.DEFAULT_DATASET_RECORDS_QUOTA,
      logsPerMonth: config.DEFAULT_LOGS_QUOTA,
    },
    topics: topicNames(config.KAFKA_TOPIC_NAMESPACE),
    logRateLimit: { ratePerSecond: config.LOG_RATE_PER_SECOND, burst: config.LOG_RATE_BURST },
    hotDatasets: {
      recordsPerSecond: config.HOT_DATASET_RECORDS_PER_SECOND,
      burstRecords: config.HOT_DATASET_BURST_RECORDS,
      keys: config.HOT_DATASET_PARTITION_KEYS,
      holdMs: config.HOT_DATASET_HOLD_MS,
      maxTracked: config.HOT_DATASET_TRACKED_MAX,
      forced: config.HOT_DATASETS_FORCED,
    },
    idempotency: {
      ...DEFAULT_IDEMPOTENCY,
      ttlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
      waitMs: config.IDEMPOTENCY_WAIT_MS,
    },
    refresh: {
      keyStatusMs: config.KEY_STATUS_REFRESH_MS,
      publicKeyMs: config.PUBLIC_KEY_REFRESH_MS,
      unknownDatasetTtlMs: config.UNKNOWN_DATASET_TTL_MS,
      datasetMs: config.DATASET_REFRESH_MS,
      projectOwnerMs: config.PROJECT_OWNER_REFRESH_MS,
    },
  },
  { port: config.PORT, host: config.HOST, reusePort: config.HTTP_REUSE_PORT },
);
logger.info({ url: gateway.server.url }, 'ingest gateway listening');

onTerminationSignals(
  createShutdown({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [
      { name: 'drain http and flush producer', run: () => gateway.stop() },
      { name: 'close bus', run: () => bus.close() },
      { name: 'close counters', run: () => counters.close() },
      { name: 'close idempotency counters', run: async () => idempotencyCounters?.close() },
      { name: 'close catalog', run: () => catalog.close() },
    ],
  }),
);
