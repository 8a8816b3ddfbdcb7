import { randomBytes } from 'node:crypto';
import { describeLeaks, findLeaks, type Haystack, SECRET_SHAPES } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/logs.ts';
import { entry, eventually, runToEnd } from './processes.ts';
import { Recorder, type SendOptions } from './recorder.ts';
import { openSealedKey, SecretBook } from './secret-book.ts';
import { catalogTexts, type ScenarioStack, startScenarioStack } from './stack.ts';

const random = (prefix: string) => `${prefix}-${randomBytes(9).toString('base64url')}`;
const now = () => new Date().toISOString();

describe('secrets in logs and answers, on the three services at LOG_LEVEL debug', () => {
  const book = new SecretBook();
  const http = new Recorder((text) => book.mask(text));
  const finished: Haystack[] = [];
  let stack: ScenarioStack;
  const control = (path: string, options?: SendOptions) => http.send(stack.control.url, path, options);
  const ingest = (path: string, options?: SendOptions) => http.send(stack.gateway.url, path, options);

  const email = `${random('secrets')}@test.quarry`.toLowerCase();
  // Characters that JSON, URL and base64 spell differently, so each spelling is searched apart.
  const password = book.add('password', random('pw "/+&'));
  let pat = '';
  let slug = '';
  let apiKey = '';
  let datasetId = 0;
  let projectId = 0;

  beforeAll(async () => {
    stack = await startScenarioStack(book);
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  it('signs up, logs in right, wrong and throttled, and creates, uses, lists and revokes tokens', {
    timeout: 180_000,
  }, async () => {
    expect((await control('/api/auth/signup', { body: { email, password } })).status).toBe(201);
    expect((await control('/api/auth/signup', { body: { email, password } })).status).toBe(409);
    const asEmail = book.add('password sent as the email', random('pw'));
    expect((await control('/api/auth/signup', { body: { email: asEmail, password: asEmail } })).status).toBe(
      400,
    );
    const login = await control('/api/auth/login', { body: { email, password }, issues: 'token' });
    pat = book.add('PAT from login', String(login.json.token));
    const wrong = book.add('wrong password', random('wrong pw'));
    const attempts: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++)
      attempts.push((await control('/api/auth/login', { body: { email, password: wrong } })).status);
    // Five fit in the account's bucket and one returns every 12 s: on a loaded machine five slow
    // hashes can outlast that, so the refusal may come one attempt later.
    expect(attempts.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(attempts.at(-1)).toBe(429);

    expect((await control('/api/dashboard/me', { bearer: pat })).status).toBe(200);
    const created = await control('/api/dashboard/tokens', {
      bearer: pat,
      body: { name: 'ci' },
      issues: 'token',
    });
    const second = book.add('created PAT', String(created.json.token));
    expect((await control('/api/dashboard/tokens', { bearer: pat })).status).toBe(200);
    expect((await control('/api/projects', { bearer: second })).status).toBe(200);
    const forged = book.add('forged PAT', `${second.slice(0, 21)}_${'A'.repeat(43)}`);
    const basic = book.add('email:password', `${email}:${password}`);
    const malformed = [
      `Bearer ${second}x`,
      `Bearer ${forged}`,
      `Basic ${Buffer.from(basic).toString('base64')}`,
      `Token ${second}`,
      `Bearer ${second} ${pat}`,
      `Bearer ${password}`,
      second,
    ];
    for (const authorization of malformed)
      expect((await control('/api/projects', { headers: { authorization } })).status).toBe(401);
    const { pat: info } = created.json as { pat: { id: number } };
    expect(
      (await control(`/api/dashboard/tokens/${info.id}`, { method: 'DELETE', bearer: pat })).status,
    ).toBe(200);
    expect((await control('/api/projects', { bearer: second })).status).toBe(401);
    // A token sent by mistake as the request id, which is on every log line and echoed back.
    const traced = await control('/api/dashboard/me', { bearer: pat, headers: { 'x-request-id': pat } });
    expect(traced.status).toBe(200);
  });

  it('creates, rotates, retires and revokes ingest keys, and refuses each one after', {
    timeout: 180_000,
  }, async () => {
    // Hex, not base64url: a slug must end in a letter or digit, and one base64url text in 64 ends in '-'.
    slug = `secrets-${randomBytes(9).toString('hex')}`;
    const project = await control('/api/projects', { bearer: pat, body: { slug } });
    expect(project.status).toBe(201);
    projectId = (project.json.project as { id: number }).id;
    const keys = `/api/projects/${slug}/keys`;
    const createKey = async (label: string) => {
      const created = await control(keys, { bearer: pat, body: { name: label }, issues: 'apiKey' });
      expect(created.status).toBe(201);
      return {
        apiKey: book.add(label, String(created.json.apiKey)),
        id: (created.json.key as { id: number }).id,
      };
    };
    const first = await createKey('ingest key of the first signing key');
    const answered = (key: string, status: number) => async () =>
      (await ingest('/v1/ingest', { bearer: key, body: { message: 'hello' } })).status === status;
    // A key of a signing key made just now is trusted once the gateway read it (within seconds).
    await eventually(answered(first.apiKey, 202), 15_000, 'the first key to be accepted');

    const cli = (...args: string[]) =>
      runToEnd('quarry-cli', entry('control-api', 'cli.ts'), args, {
        DATABASE_URL: stack.databaseUrl,
        SIGNING_KEY_ENCRYPTION_KEY: stack.controlEnv.SIGNING_KEY_ENCRYPTION_KEY,
      });
    const [oldKid] = await catalogTexts(stack.catalog, 'SELECT kid AS text FROM signing_keys');
    const rotated = await cli('keys', 'rotate');
    finished.push({ where: 'quarry keys rotate', text: rotated.output });
    expect(rotated.code).toBe(0);
    apiKey = (await createKey('ingest key of the rotated signing key')).apiKey;
    const revoked = await createKey('revoked ingest key');
    expect((await control(`${keys}/${revoked.id}`, { method: 'DELETE', bearer: pat })).status).toBe(200);
    const retired = await cli('keys', 'retire', String(oldKid));
    finished.push({ where: 'quarry keys retire', text: retired.output });
    expect(retired.code).toBe(0);
    expect((await control(keys, { bearer: pat })).status).toBe(200);

    await eventually(answered(apiKey, 202), 15_000, 'the key of the rotated signing key to be accepted');
    await eventually(answered(revoked.apiKey, 403), 15_000, 'the revoked key to be refused');
    await eventually(answered(first.apiKey, 401), 15_000, 'the retired signing key to be distrusted');
  });

  // Its own describe: the writer starts in a hook, so it outlives each test (a service started
  // inside a test is killed when that test ends), after the dataset's schema is in its warehouse.
  describe('with the writer running', () => {
    beforeAll(async () => {
      const created = await control(`/api/datasets/${slug}`, { bearer: pat, body: { name: 'Orders' } });
      datasetId = (created.json.dataset as { id: number }).id;
      const fields = { country: 'string', amount: 'number', note: 'string' } as const;
      const schema = await control(`/api/datasets/${slug}/${datasetId}/schema`, {
        bearer: pat,
        body: { fields },
      });
      expect(schema.status).toBeGreaterThanOrEqual(500); // the control API's ClickHouse is not there
      await stack.registerSchema({ email, slug, datasetId, fields });
      await stack.startWriter();
    }, 120_000);

    it('ingests records and logs, refusing bad keys and bad bodies that carry secrets as values', {
      timeout: 180_000,
    }, async () => {
      const record = { timestamp: now(), context: {}, country: 'RO', amount: 12.5, note: 'hello' };
      const path = `/datasets/${datasetId}`;
      expect((await ingest(path, { bearer: apiKey, body: record })).status).toBe(202);
      const badBodies: unknown[] = [
        { ...record, amount: password },
        { ...record, note: apiKey, amount: pat },
        { ...record, timestamp: password },
        { ...record, context: apiKey },
        `${password} ${apiKey}`,
      ];
      for (const body of badBodies) expect((await ingest(path, { bearer: apiKey, body })).status).toBe(400);
      const batch = [record, { ...record, country: 1, note: pat }];
      expect((await ingest(`${path}/batch`, { bearer: apiKey, body: batch })).status).toBe(400);
      const huge = JSON.stringify(Array.from({ length: 300 }, () => ({ ...record, note: apiKey })));
      expect((await ingest(`${path}/batch`, { bearer: apiKey, body: huge })).status).toBe(413);
      expect((await ingest(`/datasets/${apiKey}`, { bearer: apiKey, body: record })).status).toBe(400);
      const legacy = { bearer: apiKey, body: record, headers: { 'x-loguro-dataset-id': pat } };
      expect((await ingest('/datasets', legacy)).status).toBe(400);

      const tampered = book.add('tampered ingest key', `${apiKey.slice(0, -8)}AAAAAAAA`);
      for (const authorization of [
        `Bearer ${apiKey}x`,
        `Bearer ${tampered}`,
        `Bearer ${pat}`,
        `Bearer ${password}`,
      ])
        expect((await ingest(path, { body: record, headers: { authorization } })).status).toBe(401);

      const events = { events: [{ message: 'user signed in', level: 'info', metadata: { user: 1 } }] };
      expect((await ingest('/v1/logs', { bearer: apiKey, body: events })).status).toBe(202);
      const idempotent = { bearer: apiKey, body: { message: 'once' }, headers: { 'idempotency-key': pat } };
      expect((await ingest('/v1/ingest', idempotent)).status).toBe(202);
      const badLogs: unknown[] = [
        { events: [{ message: 'x', level: password }] },
        { events: apiKey },
        { events: [{ message: 'x', metadata: pat }] },
        { events: [{ message: 1, env: password }] },
      ];
      for (const body of badLogs)
        expect((await ingest('/v1/logs', { bearer: apiKey, body })).status).toBe(400);
    });

    it('refuses bad queries and log searches, and answers 5xx while the warehouse is away', {
      timeout: 180_000,
    }, async () => {
      const range = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
      const select = [{ aggregate: 'count', as: 'n' }];
      const query = `/api/datasets/${slug}/${datasetId}/query`;
      const badQueries: unknown[] = [
        { range: { from: password, to: range.to }, select },
        { range, select, where: { field: 'amount', op: 'eq', value: pat } },
        { range, select, where: { field: 'country', op: 'in', value: [apiKey, 5] } },
        { range, select, cursor: apiKey },
        password,
      ];
      for (const body of badQueries) expect((await control(query, { bearer: pat, body })).status).toBe(400);
      const valid = { range, select, where: { field: 'country', op: 'eq', value: 'RO' } };
      expect((await control(query, { bearer: pat, body: valid })).status).toBeGreaterThanOrEqual(500);

      const search = `/api/logs/${slug}/search`;
      const badSearches: unknown[] = [
        { levels: [password] },
        { cursor: pat },
        { range: { from: apiKey } },
        { metadata: [{ path: 'user', value: { nested: password } }] },
      ];
      for (const body of badSearches) expect((await control(search, { bearer: pat, body })).status).toBe(400);
      expect(
        (await control(search, { bearer: pat, body: { text: 'signed in' } })).status,
      ).toBeGreaterThanOrEqual(500);
    });

    it('delivers logs to destinations with credentials in their URLs, failing and succeeding', {
      timeout: 180_000,
    }, async () => {
      const receiver = await startReceiver();
      try {
        const databasePassword = book.add('destination database password', random('dest pw/@:'));
        const database = `postgres://quarry_dest:${encodeURIComponent(databasePassword)}@127.0.0.1:5432/${random('nodb').replace(/-/g, '_')}`;
        const hookPassword = book.add('webhook URL password', random('hook-pw'));
        const hookToken = book.add('webhook URL token', random('whsec'));
        const withCredentials = `http://hook:${hookPassword}@127.0.0.1:1/hook?token=${hookToken}`;
        const goodToken = book.add('working webhook token', random('whsec'));
        const working = `${receiver.url}?token=${goodToken}`;

        await deliverTo(
          { type: 'direct_db_postgres', direct_db_url: database },
          "state = 'dead' AND last_error LIKE 'direct_db%'",
        );
        await deliverTo(
          { type: 'webhook', webhook_url: withCredentials },
          "state = 'dead' AND last_error LIKE 'webhook%'",
        );
        await deliverTo({ type: 'webhook', webhook_url: working }, "state = 'delivered'");
        expect(receiver.requests.map(({ headers }) => headers['x-quarry-project'])).toContain(slug);
      } finally {
        await receiver.close();
      }
    });

    it('fails on a wrong encryption key, a Redis that changed its password and a gateway that cannot boot', {
      timeout: 180_000,
    }, async () => {
      const wrongKey = randomBytes(32);
      book.addBytes('wrong SIGNING_KEY_ENCRYPTION_KEY', wrongKey);
      const other = await stack.start('control-api', {
        ...stack.controlEnv,
        SIGNING_KEY_ENCRYPTION_KEY: wrongKey.toString('base64'),
      });
      const keys = `/api/projects/${slug}/keys`;
      expect(
        (await http.send(other.url, keys, { bearer: pat, body: { name: 'sealed elsewhere' } })).status,
      ).toBe(500);
      expect((await other.stop()).code).toBe(0);

      await stack.redis.restart(book.add('new Redis password', random('redis')));
      expect((await control('/api/auth/login', { body: { email, password } })).status).toBeGreaterThanOrEqual(
        500,
      );
      expect((await ingest('/v1/ingest', { bearer: apiKey, body: { message: 'redis away' } })).status).toBe(
        503,
      );
      // The control API stays ready on the catalog alone and names Redis as degraded (its Redis
      // routes answer 503 themselves); the gateway needs Redis for every request, so it leaves.
      const controlReady = await control('/readyz');
      expect(controlReady.status).toBe(200);
      await eventually(
        async () => 'counters' in (((await control('/readyz')).json.degraded as object | undefined) ?? {}),
        15_000,
        'the control API to report Redis as degraded',
      );
      expect((await ingest('/readyz')).status).toBe(503);
      await eventually(
        async () => stack.gateway.output().includes('WRONGPASS'),
        15_000,
        'the gateway to log WRONGPASS',
      );

      const crashed = await runToEnd('ingest-gateway', entry('ingest-gateway'), [], {
        ...stack.gatewayEnv,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
      });
      finished.push({ where: 'ingest gateway that could not boot', text: crashed.output });
      expect(crashed.code).toBe(1);
      expect(crashed.output).toContain('WRONGPASS');
    });
  });

  it('shows none of them in any log line, any answer or any delivery error', {
    timeout: 180_000,
  }, async () => {
    await stack.stopServices();
    const sealed = await catalogTexts(stack.catalog, 'SELECT private_key AS text FROM signing_keys');
    expect(sealed).toHaveLength(2);
    for (const [index, text] of sealed.entries())
      book.addPrivateKey(`signing key ${index + 1}`, openSealedKey(text, stack.encryptionKey));
    const deliveryErrors = await catalogTexts(stack.catalog, 'SELECT last_error AS text FROM log_deliveries');
    const haystacks: Haystack[] = [
      ...http.haystacks,
      ...finished,
      ...stack.services.map(({ app, service }, index) => ({
        where: `${app} #${index + 1}`,
        text: service.output(),
      })),
      ...deliveryErrors.map((text, index) => ({ where: `log_deliveries.last_error #${index + 1}`, text })),
    ];
    const needles = [...book.needles(), ...SECRET_SHAPES];

    // The search sees what it looks for: the answers that show a token once are found without their exemption.
    const showing = http.haystacks.filter(({ allowed }) => (allowed?.length ?? 0) > 0);
    expect(
      findLeaks(
        showing.map((haystack) => ({ ...haystack, allowed: [] })),
        needles,
      ).length,
    ).toBeGreaterThan(0);
    // Both failing destinations left their error (a credentialed URL in each) for the search to read.
    expect(deliveryErrors.filter((text) => text.startsWith('direct_db')).length).toBeGreaterThan(0);
    expect(deliveryErrors.filter((text) => text.startsWith('webhook')).length).toBeGreaterThan(0);
    // Every process said something at the level it runs at: access lines from the HTTP services.
    for (const { app, service } of stack.services)
      expect(service.output(), app).toContain(
        app === 'writer' ? 'log delivery dead-lettered' : '"msg":"request"',
      );

    expect(describeLeaks(findLeaks(haystacks, needles))).toBe('');
  });

  /**
   * Points the project at `destination`, then sends a log event every 2 s until one of its deliveries
   * matches `until` (the writer caches a project's destination for PROJECT_REFRESH_MS, so the first
   * may go elsewhere).
   */
  async function deliverTo(destination: Record<string, string>, until: string) {
    const url = destination.webhook_url ?? destination.direct_db_url ?? '';
    const patch = { method: 'PATCH', bearer: pat, body: destination, shows: [url] };
    expect((await control(`/api/projects/${slug}/destination`, patch)).status).toBe(200);
    expect((await control(`/api/projects/${slug}`, { bearer: pat, shows: [url] })).status).toBe(200);
    const sql = `SELECT count(*)::text AS text FROM log_deliveries WHERE project_id = ${projectId} AND ${until}`;
    let sent = 0;
    await eventually(
      async () => {
        if (sent++ % 10 === 0) {
          const events = { events: [{ message: `to ${destination.type}`, level: 'warn' }] };
          expect((await ingest('/v1/logs', { bearer: apiKey, body: events })).status).toBe(202);
        }
        return Number((await catalogTexts(stack.catalog, sql))[0]) > 0;
      },
      60_000,
      `a delivery to ${destination.type} where ${until}`,
    );
  }
});
