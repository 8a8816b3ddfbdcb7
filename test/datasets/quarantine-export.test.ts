import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createControlApp, createControlServices } from '@quarry/control-api';
import {
  createDataset,
  createIngestKey,
  createProject,
  issuePat,
  registerSchema,
  setUserQuota,
  signup,
} from '@quarry/control-plane';
import { datasetTableName } from '@quarry/pipeline';
import { tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { createWriter } from '@quarry/writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSharedBackends, quietLogger, sendBatch, startTestGateway, unique } from '../src/index.ts';
import { waitUntil } from '../src/logs.ts';

// Issue 20, lifecycle 4 and 5 end to end: gateway → Kafka → writer → engine, read back over HTTP.
type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
let backends: Backends;
let warehouse: Warehouse;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let writer: Awaited<ReturnType<typeof createWriter>>['writer'];
let app: ReturnType<typeof createControlApp>;
let services: ReturnType<typeof createControlServices>;
let scratch: string;

beforeAll(async () => {
  backends = await openSharedBackends();
  scratch = await tempDir('quarantine-export');
  warehouse = createWarehouse({ kind: 'embedded', dataDir: join(scratch, 'warehouse') });
  services = createControlServices({
    logger: quietLogger(),
    catalog: backends.catalog,
    warehouse,
    counters: backends.counters,
    signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
    destinationKey: testDestinationKey(),
  });
  app = createControlApp(services);
  ({ writer } = await createWriter({
    logger: quietLogger(),
    bus: backends.bus,
    warehouse,
    catalog: backends.catalog,
    groupId: `quarantine-${unique()}`,
    maxRows: 10_000,
    retryMaxDelayMs: 300,
    topics: backends.topics,
    destinationKey: testDestinationKey(),
  }));
  gateway = await startTestGateway(backends);
});

afterAll(async () => {
  await gateway?.stop();
  await writer?.stop();
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
  await warehouse?.close();
});

/** A user with a PAT, a project, and a dataset of `fields` with its ingest key. */
async function newDataset(fields: Record<string, 'number' | 'string' | 'boolean' | 'timestamp'>) {
  const user = await signup(services, {
    email: `q-${unique()}@test.quarry`,
    password: 'long enough password',
  });
  const ctx = { deps: services, actor: { userId: user.id } };
  const slug = `q-${unique()}`;
  await createProject(ctx, { slug });
  await setUserQuota(services, { userId: user.id, bucket: 'datasets', limit: -1 });
  const dataset = await createDataset(ctx, slug, { name: 'Orders' });
  await registerSchema(ctx, slug, dataset.id, { fields });
  const { apiKey } = await createIngestKey(ctx, slug, { name: 'q' });
  const { token } = await issuePat(services.db, user.id, 'q');
  const api = (method: string, path: string, body?: unknown) =>
    app.request(`/api/datasets/${slug}/${dataset.id}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const ingest = { datasetId: dataset.id, apiKey, projectId: 0 };
  return { userId: user.id, slug, api, table: datasetTableName(dataset.id), ingest };
}

const Counted = z.object({ amount: z.number(), copies: z.coerce.number() });
const storedAmounts = async (table: string) =>
  warehouse.query({
    name: 'test.amounts',
    sql: `SELECT amount, count() AS copies FROM \`${table}\` GROUP BY amount ORDER BY amount`,
    schema: Counted,
  });

interface Page {
  records: Array<{
    id: string;
    reason: string;
    receivedAt: string;
    replayAttempts: number;
    record: { amount: number };
  }>;
}

describe('quarantine', () => {
  it('keeps a refused record with its reason, stores the rest of its batch once, and replays it once after a fix', async () => {
    const orders = await newDataset({ amount: 'number', label: 'string' });
    // A rule the gateway's validator cannot know: an operator's CHECK on the table.
    await warehouse.command({
      name: 'test.constraint',
      sql: `ALTER TABLE \`${orders.table}\` ADD CONSTRAINT amount_below_1000 CHECK amount < 1000`,
    });
    const at = '2026-06-10T10:00:00Z';
    const amounts = [1, 2, 5000, 3, 7000, 4];
    const records = amounts.map((amount) => ({
      timestamp: at,
      context: {},
      amount,
      label: `order ${amount}`,
    }));
    expect(await sendBatch(gateway.server.url, orders.ingest, records)).toBe(202);
    // The partition goes on: a later batch is stored too.
    expect(
      await sendBatch(gateway.server.url, orders.ingest, [
        { timestamp: at, context: {}, amount: 5, label: 'later' },
      ]),
    ).toBe(202);

    const page = await waitUntil(
      async () => {
        const body = (await (await orders.api('GET', '/quarantine')).json()) as Page;
        return body.records.length === 2 ? body : undefined;
      },
      30_000,
      'two quarantined records',
    );
    expect(page.records.map((entry) => entry.record)).toEqual([
      expect.objectContaining({ amount: 5000, label: 'order 5000' }),
      expect.objectContaining({ amount: 7000, label: 'order 7000' }),
    ]);
    expect(page.records[0]?.reason).toContain('amount_below_1000');
    expect(Date.parse(page.records[0]?.receivedAt ?? '')).not.toBeNaN();
    await waitUntil(async () => (await storedAmounts(orders.table)).length === 5, 30_000, 'the good rows');
    expect(await storedAmounts(orders.table)).toEqual(
      [1, 2, 3, 4, 5].map((amount) => ({ amount, copies: 1 })),
    );

    // Before the fix, a replay is refused again: the record stays, with the attempt counted.
    const [first, second] = page.records;
    const early = await orders.api('POST', '/quarantine/replay', { ids: [first?.id] });
    expect(await early.json()).toEqual({ replayed: 0, refused: 1, remaining: 1 });

    // The one record nobody wants is discarded; the other is replayed after the fix.
    const discarded = await orders.api('POST', '/quarantine/discard', { ids: [second?.id] });
    expect(await discarded.json()).toEqual({ discarded: 1 });
    await warehouse.command({
      name: 'test.fix',
      sql: `ALTER TABLE \`${orders.table}\` DROP CONSTRAINT amount_below_1000`,
    });
    const replay = await orders.api('POST', '/quarantine/replay');
    expect([replay.status, await replay.json()]).toEqual([200, { replayed: 1, refused: 0, remaining: 0 }]);
    const again = await orders.api('POST', '/quarantine/replay');
    expect(await again.json()).toEqual({ replayed: 0, refused: 0, remaining: 0 });
    expect((await storedAmounts(orders.table)).filter((row) => row.amount >= 1000)).toEqual([
      { amount: 5000, copies: 1 },
    ]);
    expect(((await (await orders.api('GET', '/quarantine')).json()) as Page).records).toEqual([]);
  });

  it('stores a record once when a replay crashed after its insert landed and is run again', async () => {
    const orders = await newDataset({ amount: 'number' });
    await warehouse.command({
      name: 'test.constraint',
      sql: `ALTER TABLE \`${orders.table}\` ADD CONSTRAINT amount_below_1000 CHECK amount < 1000`,
    });
    const record = { timestamp: '2026-06-10T11:00:00Z', context: {}, amount: 2000 };
    expect(await sendBatch(gateway.server.url, orders.ingest, [record])).toBe(202);
    await waitUntil(
      async () => ((await (await orders.api('GET', '/quarantine')).json()) as Page).records.length === 1,
      30_000,
      'the quarantined record',
    );
    await warehouse.command({
      name: 'test.fix',
      sql: `ALTER TABLE \`${orders.table}\` DROP CONSTRAINT amount_below_1000`,
    });
    // What a replay that died between its insert and its bookkeeping leaves: the record held under
    // the replay's token, and its row in the table under that token.
    const token = 'quarantine-replay:crashed';
    const [held] = (
      await backends.catalog.query<{ row_json: string }>(
        `UPDATE dataset_quarantine SET replay_token = $1 WHERE dataset_id = $2 RETURNING row_json`,
        [token, orders.ingest.datasetId],
      )
    ).rows;
    await warehouse.insert({
      table: orders.table,
      rows: [JSON.parse(held?.row_json ?? '{}')],
      dedupToken: token,
    });

    const replay = await orders.api('POST', '/quarantine/replay');
    expect(await replay.json()).toEqual({ replayed: 1, refused: 0, remaining: 0 });
    expect(await storedAmounts(orders.table)).toEqual([{ amount: 2000, copies: 1 }]);
  });

  it('refuses replay to a token without the write scope and the listing to an outsider', async () => {
    const orders = await newDataset({ amount: 'number' });
    const { token: readOnly } = await issuePat(services.db, orders.userId, 'read only', { scopes: ['read'] });
    const response = await app.request(
      `/api/datasets/${orders.slug}/${orders.ingest.datasetId}/quarantine/replay`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${readOnly}` },
      },
    );
    expect([response.status, await response.json()]).toEqual([
      403,
      expect.objectContaining({ message: 'This token lacks the "write" scope' }),
    ]);
    const outsider = await signup(services, {
      email: `o-${unique()}@test.quarry`,
      password: 'long enough password',
    });
    const { token } = await issuePat(services.db, outsider.id, 'outsider');
    const listing = await app.request(`/api/datasets/${orders.slug}/${orders.ingest.datasetId}/quarantine`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listing.status).toBe(404);
  });
});

describe('export', () => {
  it('streams the rows of a range as NDJSON, CSV and Parquet, each round-tripping the stored rows', async () => {
    const events = await newDataset({ amount: 'number', label: 'string', paid: 'boolean' });
    const sent = [
      {
        timestamp: '2026-06-10T10:00:00.001Z',
        context: { shop: 'a' },
        amount: 1.5,
        label: 'plain',
        paid: true,
      },
      {
        timestamp: '2026-06-10T10:00:00.002Z',
        context: {},
        amount: -2,
        label: 'comma, "quoted"',
        paid: false,
      },
      { timestamp: '2026-06-10T10:00:00.003Z', context: {}, amount: 3, label: 'line\nbreak', paid: true },
      {
        timestamp: '2026-06-11T00:00:00.000Z',
        context: {},
        amount: 99,
        label: 'outside the range',
        paid: true,
      },
    ];
    expect(await sendBatch(gateway.server.url, events.ingest, sent)).toBe(202);
    await waitUntil(async () => (await storedAmounts(events.table)).length === 4, 30_000, 'the rows stored');
    const expected = sent.slice(0, 3).map(({ timestamp, context, amount, label, paid }) => ({
      timestamp,
      context: JSON.stringify(context),
      amount,
      label,
      paid,
    }));
    const range = 'from=2026-06-10T00:00:00Z&to=2026-06-11T00:00:00Z';

    const ndjson = await events.api('GET', `/export?format=ndjson&${range}`);
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await ndjson.text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);

    // CSV and Parquet are read back by the engine itself, from the bytes the API answered.
    const readBack = async (format: 'csv' | 'parquet', engineFormat: string) => {
      const response = await events.api('GET', `/export?format=${format}&${range}`);
      expect(response.status).toBe(200);
      const file = join(scratch, `export-${unique()}.${format}`);
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      return warehouse.query({
        name: 'test.read_export',
        sql: `SELECT toString(timestamp) AS timestamp, context, amount, label, paid FROM file({file:String}, ${engineFormat}, 'timestamp DateTime64(3, \\'UTC\\'), context String, amount Float64, label String, paid Bool')`,
        params: { file },
        schema: z.object({
          timestamp: z.string(),
          context: z.string(),
          amount: z.number(),
          label: z.string(),
          paid: z.boolean(),
        }),
      });
    };
    const asStored = expected.map((row) => ({
      ...row,
      timestamp: row.timestamp.replace('T', ' ').replace('Z', ''),
    }));
    expect(await readBack('csv', 'CSVWithNames')).toEqual(asStored);
    expect(await readBack('parquet', 'Parquet')).toEqual(asStored);

    const limited = await events.api('GET', `/export?format=ndjson&${range}&limit=1`);
    expect((await limited.text()).trim().split('\n')).toHaveLength(1);
  });

  it('refuses a bad range or format with 400, and an outsider with 404', async () => {
    const events = await newDataset({ amount: 'number' });
    const backwards = await events.api(
      'GET',
      '/export?format=csv&from=2026-06-11T00:00:00Z&to=2026-06-10T00:00:00Z',
    );
    expect([backwards.status, await backwards.json()]).toEqual([
      400,
      expect.objectContaining({ message: 'from must be before to' }),
    ]);
    const format = await events.api(
      'GET',
      '/export?format=xlsx&from=2026-06-10T00:00:00Z&to=2026-06-11T00:00:00Z',
    );
    expect(format.status).toBe(400);
    const outsider = await signup(services, {
      email: `x-${unique()}@test.quarry`,
      password: 'long enough password',
    });
    const { token } = await issuePat(services.db, outsider.id, 'outsider');
    const foreign = await app.request(
      `/api/datasets/${events.slug}/${events.ingest.datasetId}/export?format=csv&from=2026-06-10T00:00:00Z&to=2026-06-11T00:00:00Z`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(foreign.status).toBe(404);
  });
});
