import { loadConfigOrExit } from '@quarry/config';
import { startControlApi } from '@quarry/control-api';
import { bootstrapInstallation } from '@quarry/control-plane';
import { startGateway } from '@quarry/ingest-gateway';
import {
  createLogger,
  createShutdown,
  exitOnUncaught,
  onTerminationSignals,
  startHealthServer,
} from '@quarry/observability';
import { createWriter } from '@quarry/writer';
import { openEmbeddedBackends } from './backends.ts';
import { readBootstrap, usage, writeBootstrap } from './bootstrap-file.ts';
import { embeddedConfigSchema, signupMode } from './config.ts';

// The embedded default: the three apps composed in one process on the embedded twins. No logic of
// its own: every piece is the same code the split services run.
const config = loadConfigOrExit('quarry', embeddedConfigSchema);
const logger = createLogger({ service: 'quarry', level: config.LOG_LEVEL });
exitOnUncaught(logger);
const backends = await openEmbeddedBackends(config.QUARRY_DATA_DIR, logger);
const { catalog, bus, warehouse, counters } = backends;
let ingestUrl: string | undefined;

const control = await startControlApi(
  {
    logger: logger.child({ app: 'control-api' }),
    catalog,
    warehouse,
    counters,
    signingKeyEncryptionKey: backends.signingKeyEncryptionKey,
    sessions: {
      maxAgeSeconds: config.SESSION_MAX_AGE_SECONDS,
      idleTimeoutSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS,
    },
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    // The gateway binds after the control API; the console reads its URL when a page is served.
    console: { dir: config.CONSOLE_DIR, ingestUrl: () => ingestUrl },
    destinationKey: backends.destinationKey,
    access: { signupMode: signupMode(config), trustedProxies: config.TRUSTED_PROXIES },
  },
  { port: config.CONTROL_PORT, host: config.HOST },
);
// Written at once, so credentials made on a first start survive a crash before the rest is up.
const plannedIngestUrl = `http://${config.HOST}:${config.INGEST_PORT}`;
const credentials =
  readBootstrap(backends.root) ??
  writeBootstrap(
    backends.root,
    await bootstrapInstallation(control.services, {
      email: config.BOOTSTRAP_EMAIL,
      projectSlug: config.BOOTSTRAP_PROJECT,
    }),
    { controlUrl: control.server.url, ingestUrl: plannedIngestUrl },
  );

const gateway = await startGateway(
  {
    logger: logger.child({ app: 'ingest-gateway' }),
    bus,
    catalog,
    counters,
    limits: { maxBodyBytes: 4 * 1024 * 1024, maxBatchRecords: 10_000, maxInFlight: 2_000 },
    quotaDefaults: {
      datasetRecordsPerMonth: config.DEFAULT_DATASET_RECORDS_QUOTA,
      logsPerMonth: config.DEFAULT_LOGS_QUOTA,
    },
    refresh: { keyStatusMs: 2_000, publicKeyMs: 30_000, unknownDatasetTtlMs: 250 },
  },
  { port: config.INGEST_PORT, host: config.HOST },
);
const { writer, registry, checks } = await createWriter({
  logger: logger.child({ app: 'writer' }),
  bus,
  warehouse,
  catalog,
  groupId: 'quarry-writer',
  maxRows: 50_000,
  retryMaxDelayMs: 5_000,
  destinationKey: backends.destinationKey,
  egress: { allowedCidrs: config.DESTINATION_ALLOWED_CIDRS },
});
const writerHealth = await startHealthServer({
  port: config.WRITER_HEALTH_PORT,
  host: config.HOST,
  registry,
  checks,
});

ingestUrl = gateway.server.url;
const file = writeBootstrap(backends.root, credentials, {
  controlUrl: control.server.url,
  ingestUrl: gateway.server.url,
});
process.stdout.write(usage(file, backends.root));
logger.info(
  { controlUrl: file.controlUrl, ingestUrl: file.ingestUrl, writerHealthPort: writerHealth.port },
  'quarry started',
);

onTerminationSignals(
  createShutdown({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [
      { name: 'drain ingest', run: () => gateway.stop() },
      { name: 'drain control API', run: () => control.stop() },
      { name: 'stop writer', run: () => writer.stop() },
      { name: 'close writer health', run: () => writerHealth.close() },
      { name: 'close bus', run: () => bus.close() },
      { name: 'close warehouse', run: () => warehouse.close() },
      { name: 'close counters', run: () => counters.close() },
      { name: 'close catalog', run: () => catalog.close() },
    ],
  }),
);
