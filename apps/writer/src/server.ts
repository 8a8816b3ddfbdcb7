import { createBus } from '@quarry/bus';
import { createCatalog } from '@quarry/catalog';
import { kafkaSecurityFromEnv, loadConfigOrExit } from '@quarry/config';
import {
  createLogger,
  createMetrics,
  createShutdown,
  exitOnUncaught,
  onTerminationSignals,
  type ReadinessCheck,
  startHealthServer,
} from '@quarry/observability';
import { topicNames } from '@quarry/pipeline';
import { createWarehouse, warehouseConfigFromEnv } from '@quarry/warehouse';
import { writerConfigSchema } from './config.ts';
import { createWriter } from './start.ts';

const config = loadConfigOrExit('writer', writerConfigSchema);
const logger = createLogger({ service: 'writer', level: config.LOG_LEVEL });
exitOnUncaught(logger);
const bus = await createBus({
  kind: 'kafka',
  brokers: config.KAFKA_BROKERS,
  clientId: config.KAFKA_CLIENT_ID,
  ...kafkaSecurityFromEnv(config),
  fetch: {
    minBytes: config.BATCH_MIN_BYTES,
    maxBytes: config.BATCH_MAX_BYTES,
    maxWaitMs: config.BATCH_MAX_WAIT_MS,
  },
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  // A fetch or a batch retried, a member stepping out of the group: the operator's log says why.
  log: ({ level, namespace, message, extra }) => logger[level]({ ...extra, kafka: namespace }, message),
});
const warehouse = createWarehouse(warehouseConfigFromEnv(config));

// Read-mostly: projects' plans and destinations; written: the log delivery outbox.
const catalog = await createCatalog({ kind: 'postgres', url: config.DATABASE_URL });

// Health first: a writer waiting for an unreachable warehouse at boot stays alive and says why it is
// not ready, instead of failing its probes and being restarted over and over.
const { registry } = createMetrics('writer');
const checks: Record<string, ReadinessCheck> = {
  starting: () => Promise.reject(new Error('starting: waiting for the warehouse and the consumer group')),
  bus: () => bus.admin.ping(),
  warehouse: () => warehouse.ping(),
};
const health = await startHealthServer({ port: config.HEALTH_PORT, host: config.HOST, registry, checks });
logger.info({ healthPort: health.port }, 'writer health listening');
let writer: Awaited<ReturnType<typeof createWriter>>['writer'] | undefined;

onTerminationSignals(
  createShutdown({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [
      {
        name: 'finish the batch in flight, leave the group, finish deliveries',
        run: async () => writer?.stop(),
      },
      { name: 'close bus', run: () => bus.close() },
      { name: 'close warehouse', run: () => warehouse.close() },
      { name: 'close catalog', run: () => catalog.close() },
      { name: 'close health server', run: () => health.close() },
    ],
  }),
);

const started = await createWriter({
  logger,
  registry,
  bus,
  warehouse,
  catalog,
  groupId: config.CONSUMER_GROUP,
  maxRows: config.BATCH_MAX_ROWS,
  retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
  insertParts: { most: config.INSERT_PARTS, minRows: config.INSERT_PART_MIN_ROWS },
  quarantine: {
    maxRecordsPerDataset: config.QUARANTINE_MAX_RECORDS,
    retentionDays: config.QUARANTINE_RETENTION_DAYS,
  },
  topics: topicNames(config.KAFKA_TOPIC_NAMESPACE),
  ...(config.PLANS_JSON ? { plans: config.PLANS_JSON } : {}),
  projectCacheMs: config.PROJECT_REFRESH_MS,
  destinationKey: config.DESTINATION_ENCRYPTION_KEY,
  egress: { allowedCidrs: config.DESTINATION_ALLOWED_CIDRS },
  delivery: {
    concurrency: config.DELIVERY_CONCURRENCY,
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    backoff: { baseMs: config.DELIVERY_BACKOFF_BASE_MS, maxMs: config.DELIVERY_BACKOFF_MAX_MS },
    batchMaxEvents: config.DELIVERY_BATCH_MAX_EVENTS,
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
    pollMs: config.DELIVERY_POLL_MS,
  },
});
writer = started.writer;
delete checks.starting;
Object.assign(checks, started.checks);
logger.info('writer consuming');
