import {
  accessFromConfig,
  controlConfigSchema,
  createControlApp,
  createControlServices,
} from '@quarry/control-api';
import { issuePat, signup } from '@quarry/control-plane';
import type { RunningGateway } from '@quarry/ingest-gateway';
import { tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDataset,
  openSharedBackends,
  quietLogger,
  startTestGateway,
  unique,
} from '../src/index.ts';
import { waitUntil } from '../src/logs.ts';

// Attacks on account creation, throttles, token privilege and shared warehouse resources (issue 15
// items 2-4), each against the split services' shipped defaults. docs/reliability.md lists them.
type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
let backends: Backends;
let warehouse: Warehouse;
let gateway: RunningGateway;

// What the split control API runs with when an operator sets only the required variables, plus the
// Ingress controller's pod range as k8s/ documents it.
const shipped = (extra: Record<string, string> = {}) =>
  accessFromConfig(
    controlConfigSchema.parse({
      DATABASE_URL: 'postgres://unused',
      REDIS_URL: 'redis://unused',
      KAFKA_BROKERS: '127.0.0.1:9',
      WAREHOUSE_DATA_DIR: '/unused',
      SIGNING_KEY_ENCRYPTION_KEY: testSigningKeyEncryptionKey().toString('base64'),
      DESTINATION_ENCRYPTION_KEY: testDestinationKey().toString('base64'),
      ...extra,
    }),
  );

function controlApi(access: ReturnType<typeof shipped>) {
  const services = createControlServices({
    logger: quietLogger(),
    catalog: backends.catalog,
    warehouse,
    counters: backends.counters,
    signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
    destinationKey: testDestinationKey(),
    access,
  });
  const app = createControlApp(services);
  return {
    services,
    async call(
      method: string,
      path: string,
      options: { token?: string; body?: unknown; socket?: string; xff?: string } = {},
    ) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.xff) headers['x-forwarded-for'] = options.xff;
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const env = { incoming: { socket: { remoteAddress: options.socket ?? '203.0.113.1' } } };
      const response = await app.request(path, { method, headers, body }, env);
      return { status: response.status, body: (await response.json()) as { message?: string } };
    },
  };
}

const someone = () => ({ email: `attack-${unique()}@test.quarry`, password: `pw-${unique()}` });
const octet = () => 1 + Math.floor(Math.random() * 250);

beforeAll(async () => {
  backends = await openSharedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('access-attacks-warehouse') });
  gateway = await startTestGateway(backends);
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await warehouse?.close();
  await backends?.counters.close();
  await backends?.bus.close();
  await backends?.catalog.close();
});

describe('attacks on account creation and throttles', () => {
  it('anonymous sign-up on the shipped split services: 403, by invitation only (was 201)', async () => {
    const control = controlApi(shipped());
    expect(await control.call('GET', '/api/auth/options')).toEqual({
      status: 200,
      body: { signup: 'invite' },
    });
    const answer = await control.call('POST', '/api/auth/signup', { body: someone() });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toBe('Sign-up is by invitation only; ask an administrator for an invitation');
  });

  it('one client behind the Ingress fails five logins: the others still log in (was 429 for everyone)', async () => {
    const control = controlApi(shipped({ TRUSTED_PROXIES: '10.0.0.0/8' }));
    const ingressPod = `10.1.${octet()}.${octet()}`;
    const attacker = `198.51.100.${octet()}`;
    const victim = someone();
    await createUser(control, victim);
    const login = (body: object, xff: string) =>
      control.call('POST', '/api/auth/login', { body, socket: ingressPod, xff });
    await untilRefused(() => login(someone(), attacker));
    // Right after the refusal the attacker's bucket is empty (a token returns only after 12 s).
    expect((await login(victim, attacker)).status).toBe(429);
    expect((await login(victim, `203.0.113.${octet()}`)).status).toBe(200);
  });

  it('a client forging X-Forwarded-For from outside the trusted proxies stays throttled: 429', async () => {
    const control = controlApi(shipped({ TRUSTED_PROXIES: '10.0.0.0/8' }));
    const socket = `198.51.100.${octet()}`;
    let attempt = 0;
    await untilRefused(() => {
      attempt += 1;
      const forged = `10.9.9.${attempt}, 192.0.2.${attempt}`;
      return control.call('POST', '/api/auth/login', { body: someone(), socket, xff: forged });
    });
    const answer = await control.call('POST', '/api/auth/login', {
      body: someone(),
      socket,
      xff: '192.0.2.99',
    });
    expect(answer).toEqual({
      status: 429,
      body: expect.objectContaining({ message: 'Too many login attempts; retry later' }),
    });
  });
});

describe('attacks with a leaked token', () => {
  it('a leaked read-only PAT cannot add a member, mint a wider token, move logs or make keys: 403 naming the scope (was 200/201)', async () => {
    const control = controlApi(shipped());
    const userId = await createUser(control, someone());
    const full = await issuePat(control.services.db, userId, 'owner');
    const slug = `atk-${unique()}`;
    expect((await control.call('POST', '/api/projects', { token: full.token, body: { slug } })).status).toBe(
      201,
    );
    const { token } = await issuePat(control.services.db, userId, 'dashboard', { scopes: ['read'] });
    const tries = [
      ['PUT', `/api/projects/${slug}/members`, { email: 'attacker@evil.example', role: 'owner' }, 'admin'],
      ['POST', '/api/dashboard/tokens', { name: 'wider', scopes: ['admin'] }, 'admin'],
      [
        'PATCH',
        `/api/projects/${slug}/destination`,
        { type: 'webhook', webhook_url: 'https://evil.example/x' },
        'admin',
      ],
      ['POST', `/api/projects/${slug}/transfer`, { email: 'attacker@evil.example' }, 'admin'],
      ['POST', `/api/projects/${slug}/keys`, { name: 'exfil' }, 'write'],
    ] as const;
    for (const [method, path, body, scope] of tries) {
      const answer = await control.call(method, path, { token, body });
      expect([method, path, answer.status, answer.body.message]).toEqual([
        method,
        path,
        403,
        `This token lacks the "${scope}" scope`,
      ]);
    }
    expect((await control.call('GET', `/api/projects/${slug}`, { token })).status).toBe(200);
  });

  it('a login token replayed after LOGIN_TOKEN_TTL_MINUTES: 401 expired (was valid forever)', async () => {
    const control = controlApi({ ...shipped(), loginTokenTtlMs: 50 });
    const account = someone();
    await createUser(control, account);
    const login = await control.call('POST', '/api/auth/login', { body: account });
    const { token, expiresAt } = login.body as { token: string; expiresAt: string };
    await waitUntil(async () => Date.now() > Date.parse(expiresAt), 5_000, 'token expiry');
    expect(await control.call('GET', '/api/dashboard/me', { token })).toEqual({
      status: 401,
      body: expect.objectContaining({ message: 'Personal access token expired' }),
    });
  });
});

describe('attacks on shared warehouse resources', () => {
  it('one batch with a record in each of 400 years of months: 400 before any partition is made (was 202)', async () => {
    const dataset = await createTestDataset(backends, warehouse, { label: 'string' });
    const records = Array.from({ length: 4_800 }, (_, month) => ({
      timestamp: `${1900 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01T00:00:00Z`,
      context: {},
      label: 'x',
    }));
    const response = await fetch(`${gateway.server.url}/datasets/${dataset.datasetId}/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dataset.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(records),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: {
        error: 'Bad Request',
        message:
          'Records span too many months (at most 12 distinct months per request); split the batch by month',
      },
    });
  });
});

async function createUser(
  control: ReturnType<typeof controlApi>,
  account: { email: string; password: string },
) {
  const user = await signup(control.services, account);
  return user.id;
}

/** Repeats failed logins until the throttle refuses one (5 fit in the bucket; refills are slow). */
async function untilRefused(attempt: () => Promise<{ status: number }>): Promise<void> {
  for (let tries = 0; tries < 20; tries += 1) {
    const { status } = await attempt();
    if (status === 429) return;
    expect(status).toBe(401);
  }
  throw new Error('the login throttle never refused');
}
