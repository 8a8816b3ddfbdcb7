import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { listDeliveries, sealStoredDestinations } from '@quarry/control-plane';
import { isolatedDatabase, type TestDatabase, tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsolatedBackends, openIsolatedBackends } from '../src/index.ts';
import {
  createLogProject,
  logControlDeps,
  logEvent,
  produceLogs,
  startLogWriter,
  startReceiver,
  waitUntil,
} from '../src/logs.ts';

// Issue 15 §1: a project's destination must not reach the operator's network. One writer, whose
// operator re-opened only 127.0.0.2/32 (standing in for a public receiver), and whose DNS answers
// come from `names` below, so host names can resolve anywhere without a DNS server.
let backends: IsolatedBackends;
let target: TestDatabase;
let warehouse: Warehouse;
let writer: Awaited<ReturnType<typeof startLogWriter>>;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
const lookups: string[] = [];
let rebindAnswers = ['127.0.0.2'];

const names: Record<string, () => string[]> = {
  'hook.customer.test': () => ['127.0.0.1'],
  'public.customer.test': () => ['127.0.0.2'],
  'db.customer.test': () => ['127.0.0.1'],
  // Answers the allowed address once, then loopback: what a DNS-rebinding attacker's server does.
  'rebind.customer.test': () => [rebindAnswers.shift() ?? '127.0.0.1'],
};

beforeAll(async () => {
  backends = await openIsolatedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('destination-egress') });
  target = await isolatedDatabase();
  writer = await startLogWriter(backends, warehouse, {
    delivery: { maxAttempts: 3 },
    egress: {
      allowedCidrs: ['127.0.0.2/32'],
      lookup: async (name) => {
        lookups.push(name);
        const answer = names[name];
        if (answer) return answer();
        // Anything else (localhost) from the system resolver, as in production.
        return (await lookup(name, { all: true })).map((entry) => entry.address);
      },
    },
  });
});

afterAll(async () => {
  await writer?.stop();
  for (const receiver of receivers) await receiver.close();
  await backends?.close();
  await warehouse?.close();
  await target?.drop();
});

async function receiver(host = '127.0.0.1', port = 0) {
  const started = await startReceiver(undefined, { host, port });
  receivers.push(started);
  return started;
}

async function deliveries(projectId: number) {
  const { rows } = await backends.catalog.query<{ state: string; last_error: string | null }>(
    'SELECT state, last_error FROM log_deliveries WHERE project_id = $1 ORDER BY id',
    [projectId],
  );
  return rows;
}

/** Sends one log event to a project with `destination` and waits until its delivery is finished. */
async function deliverOnce(destination: Record<string, string>, message = 'probe') {
  const project = await createLogProject(backends, warehouse, { destination });
  await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message })]]);
  const rows = await waitUntil(
    async () => {
      const found = await deliveries(project.id);
      return found.length > 0 && found.every((row) => row.state !== 'pending') ? found : undefined;
    },
    20_000,
    `the delivery to ${JSON.stringify(destination)} to finish`,
  );
  return { project, rows };
}

describe('destinations cannot reach the operator network', () => {
  it('a webhook at 127.0.0.1 receives nothing; the delivery fails at once with the reason', async () => {
    const hook = await receiver();
    const { rows } = await deliverOnce({ type: 'webhook', webhook_url: hook.url });
    expect(rows).toEqual([
      {
        state: 'dead',
        last_error:
          'webhook: destination refused: 127.0.0.1 (a loopback address); an operator can allow it with DESTINATION_ALLOWED_CIDRS',
      },
    ]);
    expect(hook.requests).toHaveLength(0);
  });

  it('the project admin sees the refused delivery and its reason through the API', async () => {
    const hook = await receiver();
    const { project } = await deliverOnce({ type: 'webhook', webhook_url: hook.url });
    const ctx = await adminOf(project.slug);
    expect(await listDeliveries(ctx, project.slug)).toEqual([
      {
        id: expect.any(Number),
        status: 'failed',
        events: 1,
        attempts: 1,
        reason:
          'webhook: destination refused: 127.0.0.1 (a loopback address); an operator can allow it with DESTINATION_ALLOWED_CIDRS',
        createdAt: expect.any(String),
        finishedAt: expect.any(String),
      },
    ]);
  });

  it('keeps destination passwords and webhook secrets sealed in the catalog', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const url = `postgres://writer:${password}@db.customer.test:5432/logs`;
    const project = await createLogProject(backends, warehouse, {
      destination: { type: 'direct_db_postgres', direct_db_url: url },
    });
    const hook = await createLogProject(backends, warehouse, {
      destination: { type: 'webhook', webhook_url: `https://hook.customer.test/in?token=${password}` },
    });
    const { rows } = await backends.catalog.query<{ row: string }>(
      'SELECT row_to_json(p)::text AS row FROM projects p WHERE id = ANY($1::bigint[])',
      [[project.id, hook.id]],
    );
    expect(rows).toHaveLength(2);
    for (const { row } of rows) {
      expect(row).not.toContain(password);
      expect(row).not.toContain(hook.signingSecret ?? 'no secret');
      expect(row).toMatch(/"destination_sealed":"v1\./);
    }
  });

  it('seals a destination saved before sealing existed, and still delivers to it', async () => {
    const hook = await receiver('127.0.0.2');
    const url = `http://public.customer.test:${hook.port}/hook?token=legacy-token`;
    const project = await createLogProject(backends, warehouse);
    // As an older control API stored it: the URL in the clear, nothing sealed.
    await backends.catalog.query('UPDATE projects SET destination = $2 WHERE id = $1', [
      project.id,
      JSON.stringify({ type: 'webhook', webhook_url: url }),
    ]);
    const deps = logControlDeps(backends, warehouse);
    expect(await sealStoredDestinations(deps.db, deps.destinationKey)).toBeGreaterThanOrEqual(1);
    expect(await sealStoredDestinations(deps.db, deps.destinationKey)).toBe(0);
    const { rows } = await backends.catalog.query<{ destination: unknown; sealed: string }>(
      'SELECT destination, destination_sealed AS sealed FROM projects WHERE id = $1',
      [project.id],
    );
    expect(rows[0]?.destination).toEqual({
      type: 'webhook',
      webhook_url: `http://public.customer.test:${hook.port}/hook?token=redacted`,
    });
    expect(rows[0]?.sealed).toMatch(/^v1\./);

    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'legacy' })]]);
    await waitUntil(
      async () => (await deliveries(project.id))[0]?.state === 'delivered',
      20_000,
      'delivered',
    );
    expect(hook.requests[0]?.headers['webhook-signature']).toBeUndefined();
    expect(hook.messages()).toEqual(['legacy']);
  });

  it('a host name resolving to 127.0.0.1 (or localhost) receives nothing', async () => {
    const hook = await receiver();
    for (const host of ['hook.customer.test', 'localhost', '[::ffff:127.0.0.1]', '2130706433']) {
      const { rows } = await deliverOnce({
        type: 'webhook',
        webhook_url: `http://${host}:${hook.port}/hook`,
      });
      expect(rows[0]?.state, host).toBe('dead');
      expect(rows[0]?.last_error, host).toMatch(/^webhook: destination refused: .*\(a loopback address\)/);
    }
    expect(
      rows0(await deliverOnce({ type: 'webhook', webhook_url: `http://hook.customer.test:${hook.port}/` })),
    ).toContain('hook.customer.test resolves to 127.0.0.1 (a loopback address)');
    expect(hook.requests).toHaveLength(0);
  });

  it('delivers to an address the operator allow-listed', async () => {
    const hook = await receiver('127.0.0.2');
    const { rows } = await deliverOnce({
      type: 'webhook',
      webhook_url: `http://public.customer.test:${hook.port}/hook`,
    });
    expect(rows).toEqual([{ state: 'delivered', last_error: null }]);
    expect(hook.messages()).toEqual(['probe']);
    expect(hook.requests[0]?.headers.host).toBe(`public.customer.test:${hook.port}`);
  });

  it('DNS rebinding: a name that answered a permitted address, then loopback, is refused', async () => {
    // Loopback's port first, free when taken: 127.0.0.1 is where every other test's ports are, and
    // the same port on 127.0.0.2 is then almost always free too.
    const internal = await receiver('127.0.0.1');
    const allowed = await receiver('127.0.0.2', internal.port);
    rebindAnswers = ['127.0.0.2'];
    const url = `http://rebind.customer.test:${allowed.port}/hook`;
    const project = await createLogProject(backends, warehouse, {
      destination: { type: 'webhook', webhook_url: url },
    });
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'first' })]]);
    await waitUntil(async () => (await deliveries(project.id))[0]?.state === 'delivered', 20_000, 'first');
    // The kept-alive connection goes on to the checked address; a new one resolves the name again.
    await allowed.close();
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'second' })]]);
    await waitUntil(
      async () => (await deliveries(project.id))[1]?.state === 'dead',
      20_000,
      'second refused',
    );

    expect(allowed.messages()).toEqual(['first']);
    expect(internal.requests).toHaveLength(0);
    expect((await deliveries(project.id))[1]?.last_error).toContain(
      'rebind.customer.test resolves to 127.0.0.1 (a loopback address)',
    );
    // One resolution per connection: the address checked is the address connected to.
    expect(lookups.filter((name) => name === 'rebind.customer.test')).toHaveLength(2);
    expect(rebindAnswers).toEqual([]);
  });

  it('a direct_db_postgres destination at 127.0.0.1 (by address or by name) is refused; nothing is written', async () => {
    const database = new URL(target.url).pathname.slice(1);
    for (const host of ['127.0.0.1', 'db.customer.test', 'localhost']) {
      const url = `postgres://postgres@${host}:5432/${database}`;
      const { rows } = await deliverOnce({ type: 'direct_db_postgres', direct_db_url: url });
      expect(rows[0]?.state, host).toBe('dead');
      expect(rows[0]?.last_error, host).toMatch(
        /^direct_db_postgres: destination refused: .*\(a loopback address\)/,
      );
    }
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT to_regclass('quarry_logs') AS table`);
      expect(rows).toEqual([{ table: null }]);
    } finally {
      await client.end();
    }
  });

  it('a ?host= in a database URL cannot redirect the connection', async () => {
    const database = new URL(target.url).pathname.slice(1);
    const url = `postgres://postgres@public.customer.test:1/${database}?host=127.0.0.1&port=5432`;
    const { rows } = await deliverOnce({ type: 'direct_db_postgres', direct_db_url: url });
    // It connected to the allowed 127.0.0.2:1 (nothing listens there), never to 127.0.0.1:5432.
    expect(rows[0]?.state).toBe('dead');
    expect(rows[0]?.last_error).toMatch(/^direct_db_postgres: .*(ECONNREFUSED 127\.0\.0\.2:1|timeout)/);
  });
});

/** A verb context for the project's owner, as the control API builds it for a PAT. */
async function adminOf(slug: string) {
  const deps = logControlDeps(backends, warehouse);
  const [owner] = await deps.db.query<{ owner_user_id: string }>(
    'SELECT owner_user_id FROM projects WHERE slug = $1',
    [slug],
  );
  return { deps, actor: { userId: Number(owner?.owner_user_id) } };
}

function rows0(result: { rows: { last_error: string | null }[] }): string {
  return result.rows[0]?.last_error ?? '';
}
