import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { generateSigningKey } from '@quarry/auth';
import type { Bus } from '@quarry/bus';
import { type Catalog, createCatalog } from '@quarry/catalog';
import { type Counters, createCounters } from '@quarry/counters';
import { type GatewayDependencies, startGateway } from '@quarry/ingest-gateway';
import type { Topics } from '@quarry/pipeline';
import { localStack } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestControl, type TestControl, type TestUser } from '../../apps/control-api/src/testing.ts';
import { openSharedBackends, quietLogger } from '../src/index.ts';

// Production defaults of the gateway (KEY_STATUS_REFRESH_MS, PUBLIC_KEY_REFRESH_MS, UNKNOWN_DATASET_TTL_MS),
// so "within 5 s" is proven for the configuration replicas actually run with.
const DEFAULT_REFRESH = { keyStatusMs: 2_000, publicKeyMs: 30_000, unknownDatasetTtlMs: 250 };
const WITHIN_MS = 5_000;
const REFUSED = { error: 'Forbidden', message: 'API key revoked or disabled' };
const RECORD = { timestamp: '2026-06-10T10:00:00Z', context: { plan: 'pro' }, country: 'RO', amount: 12.5 };

interface Replica {
  url: string;
  stop(): Promise<void>;
}

interface Shared {
  bus: Bus;
  topics: Topics;
  close(): Promise<void>;
}

/** One gateway replica: its own catalog pool and Redis connection (its own subscription), like a pod. */
async function startReplica(
  shared: Shared,
  backends: { catalog?: Catalog; counters?: Counters },
  refresh: GatewayDependencies['refresh'] = DEFAULT_REFRESH,
): Promise<Replica> {
  const { databaseUrl, redisUrl } = localStack();
  const catalog = backends.catalog ?? (await createCatalog({ kind: 'postgres', url: databaseUrl }));
  const counters = backends.counters ?? createCounters({ kind: 'redis', url: redisUrl });
  const gateway = await startGateway(
    {
      logger: quietLogger(),
      bus: shared.bus,
      topics: shared.topics,
      catalog,
      counters,
      limits: { maxBodyBytes: 1024 * 1024, maxBatchRecords: 1_000, maxInFlight: 100 },
      quotaDefaults: { datasetRecordsPerMonth: -1, logsPerMonth: -1 },
      refresh,
    },
    { port: 0, host: '127.0.0.1' },
  );
  return {
    url: gateway.server.url,
    async stop() {
      await gateway.stop();
      if (!backends.counters) await counters.close();
      if (!backends.catalog) await catalog.close();
    },
  };
}

async function ingest(replica: Replica, datasetId: number, apiKey: string) {
  const response = await fetch(`${replica.url}/datasets/${datasetId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(RECORD),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Milliseconds until `done` holds, polling; fails past `limitMs`. */
async function msUntil(done: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (!(await done())) {
    const elapsed = performance.now() - started;
    if (elapsed > limitMs) throw new Error(`still not done after ${Math.round(elapsed)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - started;
}

const statusesOf = async (replicas: Replica[], datasetId: number, apiKey: string) =>
  Promise.all(replicas.map(async (replica) => (await ingest(replica, datasetId, apiKey)).status));

/** A project with a registered dataset, through the control API, as a user would set it up. */
async function setUpProject(control: TestControl) {
  const owner = await control.signUp();
  const slug = await control.createProject(owner);
  const dataset = await control.createDataset(owner, slug, 'Orders');
  const schema = await control.request('POST', `/api/datasets/${slug}/${dataset.id}/schema`, {
    token: owner.token,
    body: { fields: { country: 'string', amount: 'number' } },
  });
  expect(schema.status).toBe(200);
  return { owner, slug, datasetId: dataset.id };
}

async function createKey(control: TestControl, owner: TestUser, slug: string) {
  const response = await control.request('POST', `/api/projects/${slug}/keys`, {
    token: owner.token,
    body: { name: 'ingest' },
  });
  expect(response.status).toBe(201);
  const { apiKey, key } = response.body as { apiKey: string; key: { id: number } };
  return {
    apiKey,
    id: key.id,
    keyId: String(decodePart(apiKey, 1).keyId),
    kid: String(decodePart(apiKey, 0).kid),
  };
}

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.slice('qk_'.length).split('.')[index] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Builds a token in the ingest-key envelope (`qk_` header.payload.signature) with any claims. */
function craftToken(header: object, payload: object, privateKey: KeyObject): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `qk_${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

// One Kafka bus on topics of this file's own namespace, for every gateway of the file.
let shared: Shared;
beforeAll(async () => {
  const backends = await openSharedBackends();
  await backends.counters.close();
  await backends.catalog.close();
  shared = { bus: backends.bus, topics: backends.topics, close: () => backends.bus.close() };
});
afterAll(async () => {
  await shared?.close();
});

describe('ingest keys across gateway replicas (PostgreSQL + Redis + Kafka)', () => {
  let control: TestControl;
  let replicas: Replica[];
  let project: Awaited<ReturnType<typeof setUpProject>>;
  // A signing key the gateways trust, whose private half this test holds: it signs claims the
  // control API would refuse to sign. Older than any real key, so the control API never signs with it.
  const foreignKey = generateSigningKey();

  beforeAll(async () => {
    control = await openTestControl('postgres');
    project = await setUpProject(control);
    await createKey(control, project.owner, project.slug); // the keyring now has a real signing key
    await control.catalog.query(
      `INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at)
       VALUES ($1, 'Ed25519', $2, 'v1.test-held.unused.unused', '2000-01-01T00:00:00Z')`,
      [foreignKey.kid, foreignKey.publicKeyPem],
    );
    replicas = [await startReplica(shared, {}), await startReplica(shared, {})];
  });

  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.stop();
    await control?.catalog.query('DELETE FROM signing_keys WHERE kid = $1', [foreignKey.kid]);
    await control?.close();
  });

  it('accepts a new key on every replica, then refuses it with 403 on both within 5 s of its revocation', async ({
    annotate,
  }) => {
    const key = await createKey(control, project.owner, project.slug);
    expect(await statusesOf(replicas, project.datasetId, key.apiKey)).toEqual([202, 202]);

    const revoked = await control.request('DELETE', `/api/projects/${project.slug}/keys/${key.id}`, {
      token: project.owner.token,
    });
    expect(revoked.status).toBe(200);
    const elapsed = await msUntil(
      async () =>
        (await statusesOf(replicas, project.datasetId, key.apiKey)).every((status) => status === 403),
      WITHIN_MS,
    );
    expect(elapsed).toBeLessThan(WITHIN_MS);
    await annotate(`both replicas refused the key ${Math.round(elapsed)} ms after the revocation`);
    for (const replica of replicas) {
      expect(await ingest(replica, project.datasetId, key.apiKey)).toEqual({ status: 403, body: REFUSED });
    }
  });

  it('refuses a disabled key on both replicas within 5 s, and accepts it again once enabled', async ({
    annotate,
  }) => {
    const key = await createKey(control, project.owner, project.slug);
    expect(await statusesOf(replicas, project.datasetId, key.apiKey)).toEqual([202, 202]);
    const path = `/api/projects/${project.slug}/keys/${key.id}`;

    await control.request('POST', `${path}/disable`, { token: project.owner.token });
    const refusedAfter = await msUntil(
      async () =>
        (await statusesOf(replicas, project.datasetId, key.apiKey)).every((status) => status === 403),
      WITHIN_MS,
    );
    expect(refusedAfter).toBeLessThan(WITHIN_MS);
    await annotate(`both replicas refused the key ${Math.round(refusedAfter)} ms after disabling`);

    await control.request('POST', `${path}/enable`, { token: project.owner.token });
    const acceptedAfter = await msUntil(
      async () =>
        (await statusesOf(replicas, project.datasetId, key.apiKey)).every((status) => status === 202),
      WITHIN_MS,
    );
    expect(acceptedAfter).toBeLessThan(WITHIN_MS);
    await annotate(`both replicas accepted it again ${Math.round(acceptedAfter)} ms after enabling`);
  });

  it('refuses within 5 s through the periodic refresh alone, when no push reaches the replicas', async ({
    annotate,
  }) => {
    const key = await createKey(control, project.owner, project.slug);
    expect(await statusesOf(replicas, project.datasetId, key.apiKey)).toEqual([202, 202]);
    // Written straight into the catalog and never published: as if every replica missed the push.
    await control.catalog.query(
      'UPDATE ingest_keys SET revoked_at = now(), status_changed_at = now() WHERE key_id = $1',
      [key.keyId],
    );
    const elapsed = await msUntil(
      async () =>
        (await statusesOf(replicas, project.datasetId, key.apiKey)).every((status) => status === 403),
      WITHIN_MS,
    );
    expect(elapsed).toBeLessThan(WITHIN_MS);
    await annotate(`both replicas refused the key ${Math.round(elapsed)} ms after the catalog write`);
  });

  it('refuses a revoked key from the first request of a replica started after the revocation', async () => {
    const key = await createKey(control, project.owner, project.slug);
    await control.request('DELETE', `/api/projects/${project.slug}/keys/${key.id}`, {
      token: project.owner.token,
    });
    const late = await startReplica(shared, {});
    try {
      expect(await ingest(late, project.datasetId, key.apiKey)).toEqual({ status: 403, body: REFUSED });
    } finally {
      await late.stop();
    }
  });

  it('answers 401 `Project not found in API token claims` to a validly signed token without a project claim', async () => {
    const privateKey = createPrivateKey(foreignKey.privateKeyPem);
    const header = { alg: 'EdDSA', kid: foreignKey.kid };
    const claims = { userId: String(project.owner.id), keyId: 'key_without_project', iat: 1_780_000_000 };
    const expected = {
      status: 401,
      body: { error: 'Unauthorized', message: 'Project not found in API token claims' },
    };
    for (const payload of [claims, { ...claims, projectId: '' }, { ...claims, projectId: 42 }]) {
      const token = craftToken(header, payload, privateKey);
      for (const replica of replicas) {
        expect(await ingest(replica, project.datasetId, token), JSON.stringify(payload)).toEqual(expected);
      }
    }
    // The same claims with a project are accepted: the key itself is trusted.
    const projectId = String(
      (await control.catalog.query<{ id: string }>('SELECT id FROM projects WHERE slug = $1', [project.slug]))
        .rows[0]?.id,
    );
    const valid = craftToken(header, { ...claims, projectId }, privateKey);
    expect((await ingest(replicas[0] as Replica, project.datasetId, valid)).status).toBe(202);
  });

  it('answers 401 to a missing key, a forged signature and a key signed by an untrusted private key', async () => {
    const key = await createKey(control, project.owner, project.slug);
    const [header, payload] = key.apiKey.slice('qk_'.length).split('.');
    const otherProject = Buffer.from(
      JSON.stringify({
        ...decodePart(key.apiKey, 1),
        projectId: String(Number(decodePart(key.apiKey, 1).projectId) + 1),
      }),
    ).toString('base64url');
    const signature = key.apiKey.split('.')[2];
    const untrusted = generateSigningKey();
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'Missing API key'],
      [`qk_${header}.${otherProject}.${signature}`, 'Invalid API key'],
      [`qk_${header}.${payload}.${'A'.repeat(86)}`, 'Invalid API key'],
      [
        craftToken(
          { alg: 'EdDSA', kid: untrusted.kid },
          decodePart(key.apiKey, 1),
          createPrivateKey(untrusted.privateKeyPem),
        ),
        'Invalid API key',
      ],
      [
        craftToken(
          { alg: 'EdDSA', kid: key.kid },
          decodePart(key.apiKey, 1),
          createPrivateKey(untrusted.privateKeyPem),
        ),
        'Invalid API key',
      ],
      ['pat_notakey', 'Invalid API key'],
    ];
    for (const [token, message] of cases) {
      const response = await fetch(`${replicas[0]?.url}/datasets/${project.datasetId}`, {
        method: 'POST',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          'content-type': 'application/json',
        },
        body: JSON.stringify(RECORD),
      });
      expect([response.status, await response.json()], token).toEqual([
        401,
        { error: 'Unauthorized', message },
      ]);
    }
  });

  it("never lets a key write to another project's dataset (404 `Dataset schema not found`)", async () => {
    const other = await setUpProject(control);
    const key = await createKey(control, project.owner, project.slug);
    for (const replica of replicas) {
      expect(await ingest(replica, other.datasetId, key.apiKey)).toEqual({
        status: 404,
        body: { error: 'Not Found', message: 'Dataset schema not found' },
      });
    }
  });
});

describe('signing-key rotation (embedded: PGlite + memory counters, the gateway in the same process)', () => {
  let control: TestControl;
  let gateway: Replica;

  beforeAll(async () => {
    control = await openTestControl('embedded');
    // A short public-key refresh so a retirement shows within the test; production uses 30 s.
    gateway = await startReplica(
      shared,
      { catalog: control.catalog, counters: control.counters },
      {
        ...DEFAULT_REFRESH,
        publicKeyMs: 500,
      },
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await control?.close();
  });

  it('keeps keys signed before a rotation working until their signing key is retired, then refuses them', async () => {
    const project = await setUpProject(control);
    const before = await createKey(control, project.owner, project.slug);
    // The installation's first signing key was made by that createKey, after the gateway started:
    // it learns the key from the catalog within a fraction of its refresh interval.
    await msUntil(
      async () => (await ingest(gateway, project.datasetId, before.apiKey)).status === 202,
      5_000,
    );

    const rotated = await control.services.keyring.rotate();
    expect(rotated.kid).not.toBe(before.kid);
    const after = await createKey(control, project.owner, project.slug);
    expect(after.kid).toBe(rotated.kid);
    // The gateway learns the new public key from the catalog, without a restart.
    await msUntil(async () => (await ingest(gateway, project.datasetId, after.apiKey)).status === 202, 5_000);
    expect((await ingest(gateway, project.datasetId, before.apiKey)).status).toBe(202);

    expect(await control.services.keyring.retire(before.kid)).toBe(true);
    await msUntil(
      async () => (await ingest(gateway, project.datasetId, before.apiKey)).status === 401,
      5_000,
    );
    expect(await ingest(gateway, project.datasetId, before.apiKey)).toEqual({
      status: 401,
      body: { error: 'Unauthorized', message: 'Invalid API key' },
    });
    expect((await ingest(gateway, project.datasetId, after.apiKey)).status).toBe(202);
    // New keys are never signed with a retired key.
    expect((await createKey(control, project.owner, project.slug)).kid).toBe(rotated.kid);
  });

  it('accepts the first request of a key signed by a key rotated in just after the gateway read its keys', async () => {
    // No periodic refresh within the test: only the on-demand read for an unknown kid can help.
    const idle = await startReplica(
      shared,
      { catalog: control.catalog, counters: control.counters },
      { ...DEFAULT_REFRESH, publicKeyMs: 600_000 },
    );
    try {
      const project = await setUpProject(control);
      for (let rotation = 0; rotation < 2; rotation++) {
        // Back to back: the second rotation lands well within a second of the read the first caused.
        const rotated = await control.services.keyring.rotate();
        const key = await createKey(control, project.owner, project.slug);
        expect(key.kid).toBe(rotated.kid);
        expect((await ingest(idle, project.datasetId, key.apiKey)).status).toBe(202);
      }
    } finally {
      await idle.stop();
    }
  });

  it('refuses a revoked key on the embedded gateway at once (in-process push)', async () => {
    const project = await setUpProject(control);
    const key = await createKey(control, project.owner, project.slug);
    expect((await ingest(gateway, project.datasetId, key.apiKey)).status).toBe(202);
    await control.request('DELETE', `/api/projects/${project.slug}/keys/${key.id}`, {
      token: project.owner.token,
    });
    const elapsed = await msUntil(
      async () => (await ingest(gateway, project.datasetId, key.apiKey)).status === 403,
      WITHIN_MS,
    );
    expect(elapsed).toBeLessThan(1_000);
  });
});
