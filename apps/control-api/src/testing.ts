import { randomBytes, randomInt } from 'node:crypto';
import type { ScryptParams } from '@quarry/auth';
import { type Catalog, createCatalog } from '@quarry/catalog';
import { DEFAULT_PLANS, issuePat, type Plans } from '@quarry/control-plane';
import { type Counters, createCounters } from '@quarry/counters';
import { createLogger } from '@quarry/observability';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { createControlApp } from './app.ts';
import type { AccessSettings, ControlServices } from './services.ts';
import { createControlServices } from './start.ts';

/** `postgres`: the run's PostgreSQL database and Redis DB. `embedded`: PGlite and in-memory counters. */
export type ControlMode = 'postgres' | 'embedded';

export const CONTROL_MODES: Array<{ mode: ControlMode; title: string }> = [
  { mode: 'postgres', title: 'on PostgreSQL + Redis' },
  { mode: 'embedded', title: 'embedded (PGlite + memory counters)' },
];

export interface TestResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (e.g. broken JSON), with `Content-Type: application/json` unless headers say otherwise. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** The client socket address the login throttle sees. */
  address?: string;
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  /** A personal access token named `test`. */
  token: string;
}

export interface TestControl {
  mode: ControlMode;
  services: ControlServices;
  /** The hono app itself, e.g. to list the routes it serves. */
  app: ReturnType<typeof createControlApp>;
  catalog: Catalog;
  warehouse: Warehouse;
  counters: Counters;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  signUp(options?: { username?: string }): Promise<TestUser>;
  createProject(owner: TestUser, slug?: string): Promise<string>;
  /** Adds a registered user to a project with a role, as its owner. */
  addMember(
    owner: TestUser,
    project: string,
    member: TestUser,
    role: 'owner' | 'admin' | 'member',
  ): Promise<void>;
  createDataset(user: TestUser, project: string, name?: string): Promise<{ id: number; slug: string }>;
  /** Names of the tables in the warehouse whose name is exactly `name` (0 or 1 of them). */
  warehouseTables(name: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A suffix no other test of the run uses: emails, usernames and slugs are unique per installation. */
export const unique = (): string => `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

// chDB binds one data directory per process, so every control of a test file shares one.
let warehouseDir: Promise<string> | undefined;

/**
 * Real control services on real backends, and the hono app over them. `plans` replaces the plan
 * table (the default plans stay available unless overridden).
 */
export interface TestControlOptions {
  plans?: Plans;
  access?: Partial<AccessSettings>;
  queryConcurrencyPerProject?: number;
  destinationTestWaitMs?: number;
  /** Production's scrypt cost for a test about the hashing itself; others take TEST_PASSWORD_PARAMS. */
  passwordParams?: ScryptParams;
  /** How long another control's catalog writes may go unseen by this one's cached reads. */
  catalogReadTtlMs?: number;
  /** Called with every statement the services send to the catalog, e.g. to count the reads of a route. */
  onCatalogStatement?: (sql: string) => void;
}

/**
 * A cheap scrypt cost for tests that sign users up and log them in: production's (~0.3 s of CPU a
 * hash, hundreds of hashes a run) is kept by the hashing's own tests and by every spawned service.
 */
export const TEST_PASSWORD_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

export async function openTestControl(
  mode: ControlMode,
  options: TestControlOptions = {},
): Promise<TestControl> {
  warehouseDir ??= tempDir('control-warehouse');
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: await warehouseDir });
  const catalog = await openCatalog(mode);
  const counters = createCounters(
    mode === 'postgres' ? { kind: 'redis', url: localStack().redisUrl } : { kind: 'memory' },
  );
  const { onCatalogStatement } = options;
  const services = createControlServices({
    logger: createLogger({ service: 'control-api-test', level: 'silent' }),
    catalog: onCatalogStatement ? observedCatalog(catalog, onCatalogStatement) : catalog,
    warehouse,
    counters,
    signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
    destinationKey: testDestinationKey(),
    plans: { ...DEFAULT_PLANS, ...options.plans },
    passwordParams: options.passwordParams ?? TEST_PASSWORD_PARAMS,
    ...(options.access ? { access: options.access } : {}),
    ...(options.queryConcurrencyPerProject
      ? { queryConcurrencyPerProject: options.queryConcurrencyPerProject }
      : {}),
    ...(options.destinationTestWaitMs === undefined
      ? {}
      : { destinationTestWaitMs: options.destinationTestWaitMs }),
    ...(options.catalogReadTtlMs === undefined ? {} : { catalogReadTtlMs: options.catalogReadTtlMs }),
  });
  const app = createControlApp(services);

  const request: TestControl['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined || options.rawBody !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.rawBody ?? JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers);
    // app.request carries no socket; the node adapter's bindings are what getConnInfo reads.
    const env = { incoming: { socket: { remoteAddress: options.address ?? randomAddress() } } };
    const response = await app.request(path, { method, headers, body }, env);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text (e.g. /docs); assertions on `body` then see a string
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

  const expectStatus = (response: TestResponse, status: number, what: string) => {
    if (response.status !== status) {
      throw new Error(`${what}: expected ${status}, got ${response.status} ${response.text}`);
    }
    return response;
  };

  const control: TestControl = {
    mode,
    app,
    services,
    catalog,
    warehouse,
    counters,
    request,
    async signUp(signUpOptions = {}) {
      const email = `user-${unique()}@example.com`;
      const password = `pw-${unique()}`;
      const body = { email, password, ...signUpOptions };
      const created = expectStatus(await request('POST', '/api/auth/signup', { body }), 201, 'signup');
      const { user } = created.body as { user: { id: number } };
      // Issued directly: a login costs a second slow hash and counts against the login throttle.
      const { token } = await issuePat(services.db, user.id, 'test');
      return { id: user.id, email, password, token };
    },
    async createProject(owner, slug = `p-${unique()}`) {
      const body = { slug, name: `Project ${slug}` };
      expectStatus(
        await request('POST', '/api/projects', { token: owner.token, body }),
        201,
        'create project',
      );
      return slug;
    },
    async addMember(owner, project, member, role) {
      const body = { email: member.email, role };
      const path = `/api/projects/${project}/members`;
      expectStatus(await request('PUT', path, { token: owner.token, body }), 200, 'add member');
    },
    async createDataset(user, project, name = `Dataset ${unique()}`) {
      const path = `/api/datasets/${project}`;
      const created = expectStatus(
        await request('POST', path, { token: user.token, body: { name } }),
        201,
        'dataset',
      );
      const { dataset } = created.body as { dataset: { id: number; slug: string } };
      return { id: dataset.id, slug: dataset.slug };
    },
    async warehouseTables(name) {
      const rows = await warehouse.query({
        name: 'test.tables',
        sql: 'SELECT name FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
        params: { name },
        schema: z.object({ name: z.string() }),
      });
      return rows.map((row) => row.name);
    },
    async close() {
      await services.lastUse.flush().catch(() => undefined);
      await counters.close();
      await catalog.close();
      await warehouse.close();
    },
  };
  return control;
}

/** Opens a control for the enclosing describe; the getter is valid inside its tests and hooks. */
export function useTestControl(mode: ControlMode, options: TestControlOptions = {}): () => TestControl {
  let control: TestControl | undefined;
  beforeAll(async () => {
    control = await openTestControl(mode, options);
  });
  afterAll(async () => {
    await control?.close();
  });
  return () => {
    if (!control) throw new Error('the test control is opened in beforeAll; use it inside a test');
    return control;
  };
}

/** The catalog itself, telling `observe` each statement sent to it outside a transaction. */
function observedCatalog(catalog: Catalog, observe: (sql: string) => void): Catalog {
  return {
    ...catalog,
    query: (sql, params) => {
      observe(sql);
      return catalog.query(sql, params);
    },
  };
}

async function openCatalog(mode: ControlMode): Promise<Catalog> {
  if (mode === 'postgres') {
    const catalog = await createCatalog({ kind: 'postgres', url: localStack().databaseUrl });
    await catalog.migrate();
    return catalog;
  }
  const catalog = await createCatalog({ kind: 'embedded', dataDir: await tempDir('control-catalog') });
  await catalog.migrate();
  // Dataset tables are named ds_<id> in the one chDB this process shares with the PostgreSQL catalog,
  // whose ids also start at 1; a distant id range keeps the two installations' tables apart.
  await catalog.query(`SELECT setval('datasets_id_seq', $1)`, [1_000_000_000 + randomInt(1_000_000)]);
  return catalog;
}

function randomAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}
