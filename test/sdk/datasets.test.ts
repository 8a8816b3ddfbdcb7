import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createQuarry,
  defineSchema,
  type QuarryError,
  type QuarryOptions,
  type RecordOf,
} from '@quarry/sdk-datasets';
import { tempDir } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { eventually, recordingFetch, SOURCE_CONDITION, uniqueName } from './helpers.ts';

const orders = defineSchema({
  country: 'string',
  plan: 'string',
  amount: 'number',
  active: 'boolean',
  signup_at: 'timestamp',
});
type Order = RecordOf<typeof orders>;

const order = (i: number): Order => ({
  timestamp: new Date(Date.UTC(2026, 5, 10, 10, i % 60)),
  context: { i },
  country: i % 3 === 0 ? 'US' : 'RO',
  plan: 'pro',
  amount: 2.5,
  active: i % 2 === 0,
  signup_at: '2026-01-02T03:04:05Z',
});
const JUNE_10 = { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59.999Z' };

describe('@quarry/sdk-datasets against the running system (npm start)', () => {
  let quarry: EmbeddedProcess;
  let options: QuarryOptions;
  beforeAll(async () => {
    quarry = await startEmbedded(await tempDir('sdk-datasets'));
    const { controlUrl, ingestUrl, project, pat, apiKey } = quarry.bootstrap;
    options = { controlUrl, ingestUrl, project, pat, apiKey, onError: () => undefined };
  });
  afterAll(async () => {
    if (quarry?.child.exitCode === null) await quarry.stop();
  });

  const newDataset = async () => {
    const client = createQuarry(options);
    const created = await client.createDataset({ name: uniqueName('Orders'), description: 'Paid orders' });
    await client.registerSchema(created.id, orders);
    return created.id;
  };
  const countOf = async (id: number) => {
    const { rows } = await createQuarry(options)
      .dataset(id, orders)
      .query({ range: JUNE_10, select: [{ aggregate: 'count', as: 'n' }] });
    return Number(rows[0]?.n ?? 0);
  };

  it('creates a dataset, registers its schema, batches ingest by count, and answers typed rows', async () => {
    const wire = recordingFetch();
    const client = createQuarry({
      ...options,
      fetch: wire.fetch,
      batching: { maxRecords: 100, flushIntervalMs: 60_000 },
    });
    const created = await client.createDataset({ name: uniqueName('Orders'), description: 'Paid orders' });
    expect(created).toMatchObject({ schema: null, isDefault: false, status: 'pending_schema' });
    const registered = await client.registerSchema(created.id, orders);
    expect(registered).toMatchObject({ id: created.id, status: 'active', schema: { fields: orders.fields } });

    const dataset = client.dataset(created.id, orders);
    for (let i = 0; i < 250; i++) dataset.ingest(order(i));
    await dataset.flush();
    const batches = wire.exchanges.filter((exchange) => exchange.path === `/datasets/${created.id}/batch`);
    // Batches go concurrently (and gzip takes its time), so they may leave in any order.
    const sent = batches.map((exchange) => [exchange.status, JSON.parse(exchange.body).length]);
    expect(sent.sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))).toEqual([
      [202, 100],
      [202, 100],
      [202, 50],
    ]);
    expect(batches.map((exchange) => exchange.headers.get('content-encoding'))).toEqual([
      'gzip',
      'gzip',
      'gzip',
    ]);
    expect(new Set(batches.map((exchange) => exchange.headers.get('idempotency-key'))).size).toBe(3);

    const result = await eventually(
      () =>
        dataset.query({
          range: JUNE_10,
          select: [
            { field: 'country' },
            { aggregate: 'count', as: 'events' },
            { aggregate: 'sum', field: 'amount', as: 'revenue' },
          ],
          groupBy: ['country'],
          orderBy: [{ field: 'events', direction: 'desc' }],
          limit: 100,
        }),
      ({ rows }) => rows.reduce((sum, row) => sum + Number(row.events), 0) === 250,
    );
    const rows: { country: string; events: string; revenue: number }[] = result.rows;
    expect(rows).toEqual([
      { country: 'RO', events: '166', revenue: 415 },
      { country: 'US', events: '84', revenue: 210 },
    ]);
    expect(result.dataset).toEqual({ id: created.id, name: created.name, slug: created.slug });
  });

  it('cuts batches by bytes, sends one record or one batch at once, and pages through a query', async () => {
    const id = await newDataset();
    const wire = recordingFetch();
    const client = createQuarry({
      ...options,
      fetch: wire.fetch,
      batching: { maxBytes: 4_096, flushIntervalMs: 60_000 },
    });
    const dataset = client.dataset(id, orders);
    for (let i = 0; i < 100; i++) dataset.ingest(order(i));
    await client.flush();
    const sizes = wire.exchanges.map((exchange) => Buffer.byteLength(exchange.body));
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4_096);

    await dataset.send(order(100));
    await dataset.sendBatch([order(101), order(102)]);
    expect(wire.exchanges.slice(-2).map((exchange) => [exchange.path, exchange.status])).toEqual([
      [`/datasets/${id}`, 202],
      [`/datasets/${id}/batch`, 202],
    ]);

    await eventually(
      () => countOf(id),
      (count) => count === 103,
    );
    const pages = [];
    for await (const page of dataset.pages({
      range: JUNE_10,
      select: [{ field: 'timestamp' }, { field: 'country' }],
      limit: 40,
    })) {
      pages.push(page);
    }
    expect(pages.map((page) => page.length)).toEqual([40, 40, 23]);
    expect(pages[0]?.[0]).toEqual({
      timestamp: expect.stringMatching(/^2026-06-10T10:\d\d:00\.000Z$/),
      country: expect.any(String),
    });
  });

  it('refuses invalid records before sending, with exactly the status, message and index the gateway answers', async () => {
    const id = await newDataset();
    const wire = recordingFetch();
    const dataset = createQuarry({ ...options, fetch: wire.fetch }).dataset(id, orders);
    const valid = { ...order(0), timestamp: '2026-06-10T10:00:00Z' };
    const invalid: unknown[] = [
      { ...valid, amount: '12.5' },
      { ...valid, coupon: 'SPRING' },
      { ...valid, signup_at: 'yesterday' },
      { ...valid, context: [] },
      { ...valid, timestamp: '10 June 2026' },
      { ...valid, active: null },
    ];
    for (const record of invalid) {
      const batch = [valid, valid, record];
      const server = await fetch(`${options.ingestUrl}/datasets/${id}/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      const answer = (await server.json()) as { message: string; index?: number };
      const sdk = await dataset.sendBatch(batch as Order[]).then(
        () => undefined,
        (error: QuarryError) => error,
      );
      expect({ status: sdk?.status, message: sdk?.message, index: sdk?.index }).toEqual({
        status: server.status,
        message: answer.message,
        index: answer.index,
      });
      expect(() => dataset.ingest(record as Order)).toThrow(answer.message);
    }
    expect(wire.exchanges).toEqual([]);
  });

  it('stores a batch once when its answer is lost and the retry carries the same Idempotency-Key', async () => {
    const id = await newDataset();
    let dropped = 0;
    const wire = recordingFetch({ dropAnswer: (exchange) => exchange.status === 202 && dropped++ === 0 });
    const dataset = createQuarry({ ...options, fetch: wire.fetch, retry: { baseDelayMs: 50 } }).dataset(
      id,
      orders,
    );
    await dataset.sendBatch(Array.from({ length: 20 }, (_, i) => order(i)));

    expect(wire.exchanges.map((exchange) => exchange.status)).toEqual([202, 202]);
    const [first, second] = wire.exchanges.map((exchange) => exchange.headers.get('idempotency-key'));
    expect(first).toBe(second);
    await eventually(
      () => countOf(id),
      (count) => count >= 20,
    );
    // The writer had time to store a duplicate, were there one.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await countOf(id)).toBe(20);
  });

  it('flushes buffered records when the process exits on its own', async () => {
    const id = await newDataset();
    const child = spawn(
      process.execPath,
      [SOURCE_CONDITION, join(import.meta.dirname, 'fixtures', 'exit-without-flush.ts')],
      {
        env: {
          ...process.env,
          QUARRY_OPTIONS: JSON.stringify(options),
          DATASET_ID: String(id),
          RECORDS: '37',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: '' });
    await eventually(
      () => countOf(id),
      (count) => count === 37,
    );
  });

  it('answers an average and a quantile of no rows as null, as the row type says', async () => {
    const id = await newDataset();
    const { rows } = await createQuarry(options)
      .dataset(id, orders)
      .query({
        range: JUNE_10,
        select: [
          { aggregate: 'count', as: 'n' },
          { aggregate: 'sum', field: 'amount', as: 'total' },
          { aggregate: 'avg', field: 'amount', as: 'mean' },
          { aggregate: 'p90', field: 'amount', as: 'p90' },
        ],
      });
    const row: { n: string; total: number; mean: number | null; p90: number | null } | undefined = rows[0];
    expect(row).toEqual({ n: '0', total: 0, mean: null, p90: null });
  });
});
