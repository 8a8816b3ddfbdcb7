import type { Bus } from '@quarry/bus';
import type { Catalog } from '@quarry/catalog';
import type { Counters } from '@quarry/counters';
import { createMetrics, type Logger } from '@quarry/observability';
import { TOPICS, type Topics } from '@quarry/pipeline';
import { type ListenOptions, type RunningServer, serveHttp } from '@quarry/server-kit';
import { createGatewayApp } from './app.ts';
import { createCatalogReader } from './catalog-reader.ts';
import { DATASET_SCHEMA_CHANNEL, DatasetCache } from './datasets/dataset-cache.ts';
import {
  DatasetPartitionKeys,
  DEFAULT_HOT_DATASETS,
  type HotDatasetSettings,
} from './datasets/partition-key.ts';
import { ProjectOwners } from './datasets/project-owners.ts';
import { KEY_STATUS_CHANNEL, KeyStatusCache } from './keys/key-status.ts';
import { KeyLastUse } from './keys/last-use.ts';
import { PublicKeyCache } from './keys/public-keys.ts';
import {
  createIngestMetrics,
  DEFAULT_IDEMPOTENCY,
  DEFAULT_LOG_RATE_LIMIT,
  type GatewayLimits,
  type GatewayServices,
  type IdempotencySettings,
  type RateLimitSettings,
} from './services.ts';

export interface GatewayDependencies {
  logger: Logger;
  bus: Bus;
  catalog: Catalog;
  counters: Counters;
  limits: GatewayLimits;
  quotaDefaults: GatewayServices['quotaDefaults'];
  /** `projectOwnerMs`: how stale a project's owner (whose record quota is charged) may be; 30 s. */
  refresh: {
    keyStatusMs: number;
    publicKeyMs: number;
    unknownDatasetTtlMs: number;
    projectOwnerMs?: number;
    /** How long a known dataset is served before a background re-read (a lost push's bound). */
    datasetMs?: number;
    /** How often ingest keys' last use is written to the counters (default 30 s). */
    keyLastUseMs?: number;
  };
  /** Defaults to the `quarry` namespace. */
  topics?: Topics;
  /** Per ingest key on /v1/logs and /v1/ingest; defaults to DEFAULT_LOG_RATE_LIMIT. */
  logRateLimit?: RateLimitSettings;
  /** Defaults to DEFAULT_IDEMPOTENCY. */
  idempotency?: IdempotencySettings;
  /** A Redis of their own for Idempotency-Key records (IDEMPOTENCY_REDIS_URL); `counters` when absent. */
  idempotencyCounters?: Counters;
  /** When a dataset spreads over several partitions; defaults to DEFAULT_HOT_DATASETS. */
  hotDatasets?: HotDatasetSettings;
}

export interface RunningGateway {
  services: GatewayServices;
  server: RunningServer;
  /** Drain: stop accepting, let in-flight requests finish, flush the producer, stop background work. */
  stop(): Promise<void>;
}

const DEFAULT_PROJECT_OWNER_MS = 30_000;
const DEFAULT_KEY_LAST_USE_MS = 30_000;

/** Wires the gateway from ready backends and binds it; used by server.ts and the embedded runner. */
export async function startGateway(
  deps: GatewayDependencies,
  listen: ListenOptions,
): Promise<RunningGateway> {
  const reader = createCatalogReader(deps.catalog);
  const publicKeys = new PublicKeyCache({ reader, refreshMs: deps.refresh.publicKeyMs, logger: deps.logger });
  const status = new KeyStatusCache({ reader, logger: deps.logger });
  await Promise.all([publicKeys.load(), status.refresh()]);
  const datasets = new DatasetCache({
    reader,
    missTtlMs: deps.refresh.unknownDatasetTtlMs,
    hitTtlMs: deps.refresh.datasetMs,
    onUnusable: (datasetId, reason) =>
      deps.logger.error({ datasetId, reason }, 'stored dataset schema is refused by the current rules'),
  });
  const unsubscribers = await Promise.all([
    deps.counters.subscribe(KEY_STATUS_CHANNEL, (keyId) => {
      status
        .onPush(keyId)
        .catch((error) => deps.logger.warn({ err: error }, 'key status push could not be applied'));
    }),
    deps.counters.subscribe(DATASET_SCHEMA_CHANNEL, (datasetId) => {
      const id = Number(datasetId);
      if (Number.isSafeInteger(id)) datasets.onDatasetChanged(id);
    }),
  ]);
  const lastUse = new KeyLastUse({ counters: deps.counters, logger: deps.logger });
  const stopTimers = [
    publicKeys.start(),
    status.start(deps.refresh.keyStatusMs),
    lastUse.start(deps.refresh.keyLastUseMs ?? DEFAULT_KEY_LAST_USE_MS),
  ];

  const metrics = createMetrics('ingest-gateway');
  const producer = deps.bus.producer();
  const services: GatewayServices = {
    logger: deps.logger,
    metrics,
    ingestMetrics: createIngestMetrics(metrics.registry),
    producer,
    topics: deps.topics ?? TOPICS,
    counters: deps.counters,
    datasets,
    datasetKeys: new DatasetPartitionKeys(deps.hotDatasets ?? DEFAULT_HOT_DATASETS, {
      onHot: (datasetId) =>
        deps.logger.info({ datasetId }, 'dataset over its rate: its messages spread over several partitions'),
    }),
    owners: new ProjectOwners({
      read: (projectId) => reader.projectOwner(projectId),
      ttlMs: deps.refresh.projectOwnerMs ?? DEFAULT_PROJECT_OWNER_MS,
      logger: deps.logger,
    }),
    keys: { publicKeys, status, lastUse },
    limits: deps.limits,
    quotaDefaults: deps.quotaDefaults,
    rateLimits: { logs: deps.logRateLimit ?? DEFAULT_LOG_RATE_LIMIT },
    idempotency: deps.idempotency ?? DEFAULT_IDEMPOTENCY,
    idempotencyStore: deps.idempotencyCounters ?? deps.counters,
    inFlight: { count: 0 },
    // The catalog is not a readiness dependency: known datasets and keys are served from the caches
    // during a PostgreSQL outage, and an unready pod would refuse them all.
    checks: { bus: () => deps.bus.admin.ping(), counters: () => deps.counters.ping() },
  };
  const server = await serveHttp(createGatewayApp(services).fetch, listen);
  return {
    services,
    server,
    async stop() {
      await server.close();
      await producer.close();
      for (const stopTimer of stopTimers) stopTimer();
      await lastUse.flush().catch(() => undefined);
      for (const unsubscribe of unsubscribers) await unsubscribe();
    },
  };
}
