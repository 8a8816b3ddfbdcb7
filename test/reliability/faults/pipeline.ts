import type { ChildProcess } from 'node:child_process';
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
  setProjectQuota,
  setUserQuota,
  signup,
  type VerbContext,
} from '@quarry/control-plane';
import { type Counters, createCounters } from '@quarry/counters';
import { type Topics, topicNames, topicSpecs } from '@quarry/pipeline';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { freePort } from '../../../apps/ingest-gateway/src/testing.ts';
import {
  killWhenDone,
  type ServiceProcess,
  spawnGateway,
  spawnWriter,
  unique,
  waitForCaughtUp,
} from '../../src/index.ts';

export interface Tenant {
  email: string;
  password: string;
  userId: number;
  projectId: number;
  slug: string;
  datasetId: number;
  apiKey: string;
  keyId: number;
  ctx: VerbContext;
}

/** Where the three stateful dependencies are: the run's shared ones unless a test brings its own. */
export interface Pipeline {
  brokers: string[];
  databaseUrl: string;
  redisUrl: string;
  namespace: string;
  topics: Topics;
  group: string;
  /** The writer's chDB directory: open it in this process only while no writer process runs. */
  warehouseDir: string;
  catalog: Catalog;
  counters: Counters;
  bus: Bus;
  deps: ControlPlaneDeps;
  tenant: Tenant;
  close(): Promise<void>;
}

/** Topics, a tenant with a dataset `{ rid: string }` (its table in the writer's warehouse) and a key. */
export async function openPipeline(
  where: Partial<Pick<Pipeline, 'brokers' | 'databaseUrl' | 'redisUrl'>> = {},
) {
  const stack = localStack();
  const brokers = where.brokers ?? stack.kafkaBrokers;
  const databaseUrl = where.databaseUrl ?? stack.databaseUrl;
  const redisUrl = where.redisUrl ?? stack.redisUrl;
  const catalog = await createCatalog({ kind: 'postgres', url: databaseUrl });
  await catalog.migrate();
  const counters = createCounters({ kind: 'redis', url: redisUrl }, { onError: () => undefined });
  const bus = await createBus({ kind: 'kafka', brokers, clientId: `faults-${unique()}` });
  const namespace = `faults-${unique()}`;
  const topics = topicNames(namespace);
  await bus.admin.ensureTopics(topicSpecs(topics).map((spec) => ({ ...spec, partitions: 3 })));
  const db = catalogDb(catalog);
  const keyring = createKeyring(db, testSigningKeyEncryptionKey());
  const deps: ControlPlaneDeps = {
    db,
    counters,
    keyring,
    plans: DEFAULT_PLANS,
    warehouse: unopened,
    destinationKey: testDestinationKey(),
  };
  const warehouseDir = await tempDir('faults-warehouse');
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: warehouseDir });
  const tenant = await createTenant({ ...deps, warehouse });
  await warehouse.close();
  const group = `writer-${unique()}`;
  const pipeline: Pipeline = {
    brokers,
    databaseUrl,
    redisUrl,
    namespace,
    topics,
    group,
    warehouseDir,
    catalog,
    counters,
    bus,
    deps,
    tenant,
    async close() {
      await bus.close();
      await counters.close();
      await catalog.close();
    },
  };
  return pipeline;
}

// The control-plane verbs used after setup never create tables; one that did would fail loudly.
const noWarehouse = () => Promise.reject(new Error('no warehouse in this process after setup'));
const unopened: ControlPlaneDeps['warehouse'] = {
  command: noWarehouse,
  query: noWarehouse,
  queryJsonRows: noWarehouse,
  insert: noWarehouse,
  stream: noWarehouse,
};

async function createTenant(deps: ControlPlaneDeps): Promise<Tenant> {
  const [email, password] = [`faults-${unique()}@test.quarry`, 'long enough password'];
  const user = await signup(deps, { email, password });
  const ctx: VerbContext = { deps, actor: { userId: user.id } };
  const slug = `faults-${unique()}`;
  const project = await createProject(ctx, { slug });
  const dataset = await createDataset(ctx, slug, { name: 'Faults' });
  await registerSchema(ctx, slug, dataset.id, { fields: { rid: 'string' } });
  // Unlimited, so that only the fault under test can refuse a request.
  await setUserQuota(deps, { userId: user.id, bucket: 'datasets', limit: -1 });
  await setProjectQuota(deps, { projectId: project.id, limit: -1 });
  const { apiKey, key } = await createIngestKey(ctx, slug, { name: 'faults' });
  return {
    email,
    password,
    userId: user.id,
    projectId: project.id,
    slug,
    datasetId: dataset.id,
    apiKey,
    keyId: key.id,
    ctx,
  };
}

/** The gateway's own server.ts as a process, on the pipeline's dependencies, at its production defaults. */
export function startGateway(pipeline: Pipeline): Promise<ServiceProcess> {
  return spawnGateway({
    namespace: pipeline.namespace,
    // Every 503 is logged as an error with its cause: expected here, and hundreds of lines.
    echo: false,
    env: {
      KAFKA_BROKERS: pipeline.brokers.join(','),
      REDIS_URL: pipeline.redisUrl,
      DATABASE_URL: pipeline.databaseUrl,
    },
  });
}

export interface WriterProcess {
  child: ChildProcess;
  /** Its health server, for /readyz. */
  url: string;
  /** SIGTERM after the group committed everything: the writer finishes and exits. */
  drain(timeoutMs?: number): Promise<number | null>;
}

/** The writer's own server.ts as a process, with its chDB in the pipeline's warehouse directory. */
export async function startWriter(pipeline: Pipeline): Promise<WriterProcess> {
  const port = await freePort();
  const child = spawnWriter({
    brokers: pipeline.brokers,
    namespace: pipeline.namespace,
    group: pipeline.group,
    warehouseDir: pipeline.warehouseDir,
    databaseUrl: pipeline.databaseUrl,
    // Retries are logged at warn; the outcome is what the test checks.
    env: { HEALTH_PORT: String(port), LOG_LEVEL: 'error' },
  });
  killWhenDone(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    async drain(timeoutMs = 90_000) {
      for (const topic of [pipeline.topics.datasets, pipeline.topics.logs])
        await waitForCaughtUp(pipeline.brokers, pipeline.group, topic, timeoutMs);
      child.kill('SIGTERM');
      return exited;
    },
  };
}
