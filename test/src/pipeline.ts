import { randomBytes } from 'node:crypto';
import { type Bus, createBus } from '@quarry/bus';
import { type Catalog, createCatalog } from '@quarry/catalog';
import {
  type ControlPlaneDeps,
  catalogDb,
  createDataset,
  createIngestKey,
  createKeyring,
  createProject,
  DEFAULT_PLANS,
  registerSchema,
  setUserQuota,
  signup,
  type WarehouseDdl,
} from '@quarry/control-plane';
import { type Counters, createCounters } from '@quarry/counters';
import {
  DEFAULT_HOT_DATASETS,
  type GatewayDependencies,
  type RunningGateway,
  startGateway,
} from '@quarry/ingest-gateway';
import { createLogger } from '@quarry/observability';
import { type Topics, topicNames, topicSpecs } from '@quarry/pipeline';
import type { FieldType } from '@quarry/schema';
import { localStack, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import type { Warehouse } from '@quarry/warehouse';
import { createWriter, type RunningWriter } from '@quarry/writer';

export const quietLogger = () => createLogger({ service: 'test', level: 'silent' });
export const unique = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * The run's PostgreSQL (migrated), Redis, and a Kafka bus on topics of a namespace no other test uses.
 * `databaseUrl` and `redisUrl` replace the run's catalog and counters: see openIsolatedBackends.
 */
export async function openSharedBackends(options: { databaseUrl?: string; redisUrl?: string } = {}): Promise<{
  catalog: Catalog;
  counters: Counters;
  bus: Bus;
  topics: Topics;
  namespace: string;
}> {
  const stack = localStack();
  const catalog = await createCatalog({ kind: 'postgres', url: options.databaseUrl ?? stack.databaseUrl });
  await catalog.migrate();
  const counters = createCounters({ kind: 'redis', url: options.redisUrl ?? stack.redisUrl });
  const bus = await createBus({ kind: 'kafka', brokers: stack.kafkaBrokers, clientId: `test-${unique()}` });
  const namespace = `test-${unique()}`;
  const topics = topicNames(namespace);
  await bus.admin.ensureTopics(topicSpecs(topics).map((spec) => ({ ...spec, partitions: 3 })));
  return { catalog, counters, bus, topics, namespace };
}

export interface TestDataset {
  projectId: number;
  datasetId: number;
  apiKey: string;
}

/** A user (unlimited quota), a project, a dataset with `fields` registered (its table created), an ingest key. */
export async function createTestDataset(
  backends: { catalog: Catalog; counters: Counters },
  warehouse: WarehouseDdl,
  fields: Record<string, FieldType>,
): Promise<TestDataset> {
  const db = catalogDb(backends.catalog);
  const deps: ControlPlaneDeps = {
    db,
    warehouse,
    counters: backends.counters,
    keyring: createKeyring(db, testSigningKeyEncryptionKey()),
    destinationKey: testDestinationKey(),
    plans: DEFAULT_PLANS,
  };
  const user = await signup(deps, {
    email: `writer-${unique()}@test.quarry`,
    password: 'long enough password',
  });
  const ctx = { deps, actor: { userId: user.id } };
  const slug = `p-${unique()}`;
  const project = await createProject(ctx, { slug });
  const dataset = await createDataset(ctx, slug, { name: 'Events' });
  await registerSchema(ctx, slug, dataset.id, { fields });
  await setUserQuota(deps, { userId: user.id, bucket: 'datasets', limit: -1 });
  const { apiKey } = await createIngestKey(ctx, slug, { name: 'test' });
  return { projectId: project.id, datasetId: dataset.id, apiKey };
}

/** `options`: a hot-dataset threshold, or an Idempotency-Key store of this gateway's own. */
export function startTestGateway(
  backends: {
    catalog: Catalog;
    counters: Counters;
    bus: Bus;
    topics: Topics;
  },
  options: Pick<GatewayDependencies, 'hotDatasets' | 'idempotencyCounters'> = {},
): Promise<RunningGateway> {
  return startGateway(
    {
      logger: quietLogger(),
      ...backends,
      // Overflow is off unless a test asks for it: the other tests keep one partition per dataset.
      hotDatasets: { ...DEFAULT_HOT_DATASETS, keys: 1 },
      ...options,
      limits: { maxBodyBytes: 4 * 1024 * 1024, maxBatchRecords: 10_000, maxInFlight: 2_000 },
      quotaDefaults: { datasetRecordsPerMonth: -1, logsPerMonth: -1 },
      refresh: { keyStatusMs: 1_000, publicKeyMs: 5_000, unknownDatasetTtlMs: 500 },
    },
    { port: 0, host: '127.0.0.1' },
  );
}

/** A writer in this process on the backends' bus and topics, storing into `warehouse`. */
export async function startTestWriter(
  backends: { catalog: Catalog; bus: Bus; topics: Topics },
  warehouse: Warehouse,
  options: { groupId: string; maxRows?: number; retryMaxDelayMs?: number },
): Promise<RunningWriter> {
  const { writer } = await createWriter({
    logger: quietLogger(),
    destinationKey: testDestinationKey(),
    bus: backends.bus,
    warehouse,
    catalog: backends.catalog,
    groupId: options.groupId,
    maxRows: options.maxRows ?? 10_000,
    retryMaxDelayMs: options.retryMaxDelayMs ?? 500,
    topics: backends.topics,
  });
  return writer;
}

/** POSTs a batch through the gateway; resolves with the status. */
export async function sendBatch(
  ingestUrl: string,
  dataset: TestDataset,
  records: unknown[],
  requestId?: string,
): Promise<number> {
  const response = await fetch(`${ingestUrl}/datasets/${dataset.datasetId}/batch`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${dataset.apiKey}`,
      'content-type': 'application/json',
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: JSON.stringify(records),
  });
  await response.arrayBuffer();
  return response.status;
}
