import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { type Bus, createBus, type KafkaBusConfig } from '@quarry/bus';
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
  signup,
  type VerbContext,
} from '@quarry/control-plane';
import { type Counters, createCounters } from '@quarry/counters';
import { createLogger } from '@quarry/observability';
import { TOPIC_SPECS } from '@quarry/pipeline';
import type { FieldType } from '@quarry/schema';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import type { GatewayLimits } from './services.ts';
import { type RunningGateway, startGateway } from './start.ts';

export interface TestBackends {
  catalog: Catalog;
  counters: Counters;
  warehouse: Warehouse;
  control: ControlPlaneDeps;
  close(): Promise<void>;
}

/** The run's PostgreSQL and Redis, migrated, with the control-plane verbs on top (call in beforeAll). */
export async function openTestBackends(): Promise<TestBackends> {
  const stack = localStack();
  const catalog = await createCatalog({ kind: 'postgres', url: stack.databaseUrl });
  await catalog.migrate();
  const counters = createCounters({ kind: 'redis', url: stack.redisUrl });
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('gateway-wh') });
  const db = catalogDb(catalog);
  const control: ControlPlaneDeps = {
    db,
    warehouse,
    counters,
    // Test files share the run's catalog and its signing keys, so they share the sealing key too.
    keyring: createKeyring(db, testSigningKeyEncryptionKey()),
    destinationKey: testDestinationKey(),
    plans: DEFAULT_PLANS,
  };
  // A signing key exists before any gateway reads the trusted keys, so keys minted right after a
  // gateway starts verify at once (a gateway looks an unknown kid up at most once a second).
  await control.keyring.sign({ projectId: '1', userId: '1', keyId: 'warm-up' });
  return {
    catalog,
    counters,
    warehouse,
    control,
    async close() {
      await counters.close();
      await warehouse.close();
      await catalog.close();
    },
  };
}

export interface TestGatewayOptions {
  /** Defaults to the run's broker. */
  brokers?: string[];
  bus?: Partial<Omit<KafkaBusConfig, 'kind' | 'brokers'>>;
  limits?: Partial<GatewayLimits>;
  defaultDatasetQuota?: number;
  /** Defaults to the backends' (the run's Redis). */
  counters?: Counters;
  /** Create the pipeline topics first (skip for a broker that is not there). */
  ensureTopics?: boolean;
}

export interface TestGateway {
  url: string;
  gateway: RunningGateway;
  bus: Bus;
  post(path: string, body: unknown, options?: PostOptions): Promise<Answer>;
  stop(): Promise<void>;
}

export interface PostOptions {
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body (every answer of the gateway is JSON). */
  body: Record<string, unknown>;
}

export const TEST_LIMITS: GatewayLimits = { maxBodyBytes: 64 * 1024, maxBatchRecords: 50, maxInFlight: 500 };

/** A gateway on a free port over real Kafka, Redis and PostgreSQL; refresh intervals short for tests. */
export async function startTestGateway(
  backends: TestBackends,
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const bus = await createBus({
    kind: 'kafka',
    brokers: options.brokers ?? localStack().kafkaBrokers,
    clientId: `gateway-test-${randomUUID().slice(0, 8)}`,
    ...options.bus,
  });
  if (options.ensureTopics ?? true) await bus.admin.ensureTopics(TOPIC_SPECS);
  const gateway = await startGateway(
    {
      logger: createLogger({ service: 'ingest-gateway-test', level: 'silent' }),
      bus,
      catalog: backends.catalog,
      counters: options.counters ?? backends.counters,
      limits: { ...TEST_LIMITS, ...options.limits },
      quotaDefaults: { datasetRecordsPerMonth: options.defaultDatasetQuota ?? -1, logsPerMonth: -1 },
      refresh: { keyStatusMs: 500, publicKeyMs: 1_000, unknownDatasetTtlMs: 200, projectOwnerMs: 200 },
    },
    { port: 0, host: '127.0.0.1' },
  );
  const url = gateway.server.url;
  return {
    url,
    gateway,
    bus,
    post: (path, body, postOptions) => postJson(url, path, body, postOptions),
    async stop() {
      await gateway.stop();
      await bus.close();
    },
  };
}

/** POSTs `body` (a string is sent as it is, anything else as JSON) and reads the JSON answer. */
export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  options: PostOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  return { status: response.status, headers: response.headers, body: parsed as Record<string, unknown> };
}

/** The contract's example schema (§1), in its declared order. */
export const ORDER_FIELDS: Record<string, FieldType> = {
  country: 'string',
  plan: 'string',
  amount: 'number',
  active: 'boolean',
  signup_at: 'timestamp',
};

/** A record valid for ORDER_FIELDS; `overrides` replace or add fields. */
export function orderRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timestamp: '2026-06-10T10:00:00Z',
    context: { source: 'test' },
    country: 'RO',
    plan: 'pro',
    amount: 12.5,
    active: true,
    signup_at: '2026-01-02T03:04:05Z',
    ...overrides,
  };
}

export interface Tenant {
  userId: number;
  projectId: number;
  slug: string;
  ctx: VerbContext;
  apiKey: string;
  /** The key's catalog id, for changeIngestKey. */
  keyId: number;
  /** A dataset with `fields` registered. */
  datasetId: number;
  /** The project's default dataset (schema registered only when `defaultFields` is given). */
  defaultDatasetId: number;
}

/** A user owning a project with a registered dataset and an ingest key, made through the verbs. */
export async function createTenant(
  control: ControlPlaneDeps,
  options: { fields?: Record<string, FieldType>; defaultFields?: Record<string, FieldType> } = {},
): Promise<Tenant> {
  const suffix = randomUUID().slice(0, 8);
  const user = await signup(control, { email: `tenant-${suffix}@example.com`, password: 'password123' });
  const ctx: VerbContext = { deps: control, actor: { userId: user.id } };
  const slug = `p-${suffix}`;
  const project = await createProject(ctx, { slug });
  const dataset = await createDataset(ctx, slug, { name: 'Orders' });
  await registerSchema(ctx, slug, dataset.id, { fields: options.fields ?? ORDER_FIELDS });
  const [defaultDataset] = await control.db.query<{ id: string }>(
    'SELECT id FROM datasets WHERE project_id = $1 AND is_default',
    [project.id],
  );
  const defaultDatasetId = Number(defaultDataset?.id);
  if (options.defaultFields) {
    await registerSchema(ctx, slug, defaultDatasetId, { fields: options.defaultFields });
  }
  const { apiKey, key } = await createIngestKey(ctx, slug, { name: 'test' });
  return {
    userId: user.id,
    projectId: project.id,
    slug,
    ctx,
    apiKey,
    keyId: key.id,
    datasetId: dataset.id,
    defaultDatasetId,
  };
}

/**
 * A token signed by a key the gateway trusts, with whatever payload the test needs (e.g. no project
 * claim, which the verbs refuse to mint). The key is dated in the past so the keyring never signs with it.
 */
export async function signArbitraryClaims(control: ControlPlaneDeps, payload: object): Promise<string> {
  // A real (sealed) key must exist first, or the keyring would pick this one as the newest it has.
  await control.keyring.sign({ projectId: '1', userId: '1', keyId: 'warm-up' });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = `test-${randomUUID().slice(0, 8)}`;
  await control.db.query(
    `INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at)
     VALUES ($1, 'Ed25519', $2, 'not-sealed', '2000-01-01')`,
    [kid, publicKey.export({ type: 'spki', format: 'pem' }).toString()],
  );
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `qk_${part({ alg: 'EdDSA', kid })}.${part(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A loopback port nothing listens on (a moment ago): for a broker that is not there, or one to start. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free loopback port');
  return address.port;
}

export interface TcpRelay {
  port: number;
  /** Stops listening and cuts every relayed connection, as a server that went away would. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
}

/** Relays a loopback port to `target` (e.g. the real Redis), so a test can take a service away and back. */
/** Counters on the run's Redis through a relay a test can cut (an outage) and restore. */
export async function countersThroughRelay(): Promise<{ relay: TcpRelay; counters: Counters }> {
  const redisUrl = new URL(localStack().redisUrl);
  const relay = await startTcpRelay({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
  const counters = createCounters(
    { kind: 'redis', url: `redis://127.0.0.1:${relay.port}${redisUrl.pathname}` },
    { onError: () => undefined },
  );
  return { relay, counters };
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the relay has no port');
  return {
    port: address.port,
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: () => listen(address.port),
  };
}
