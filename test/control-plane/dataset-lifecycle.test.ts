import { DEFAULT_PLANS, planLimits } from '@quarry/control-plane';
import { listDeadLetters } from '@quarry/operations';
import { datasetMessageKey, encodeDatasetEnvelope } from '@quarry/pipeline';
import { testDestinationKey } from '@quarry/testkit';
import { createWriter } from '@quarry/writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestControl, type TestControl, type TestUser } from '../../apps/control-api/src/testing.ts';
import { openSharedBackends, quietLogger, type ServiceProcess, spawnGateway, unique } from '../src/index.ts';

// Issue 20's lifecycle end to end: the control API (HTTP through its app), two gateway processes,
// Kafka, a writer and the engine. The gateways remember datasets for a minute, so only the control
// API's push can make a change visible on them within the test's bounds.
type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
let backends: Backends;
let control: TestControl;
let gateways: ServiceProcess[];
let writer: Awaited<ReturnType<typeof createWriter>>['writer'];

// Ten years: a bound every dataset gets by default, far enough that the 2026-06 records stay.
const PLAN_RETENTION_DAYS = 3650;
const PLAN_DATASETS = 3;

beforeAll(async () => {
  backends = await openSharedBackends();
  control = await openTestControl('postgres', {
    plans: {
      free: {
        ...planLimits(DEFAULT_PLANS, 'free'),
        datasets: PLAN_DATASETS,
        datasetRetentionDays: PLAN_RETENTION_DAYS,
      },
    },
  });
  const env = { UNKNOWN_DATASET_TTL_MS: '60000', DATASET_REFRESH_MS: '60000' };
  gateways = await Promise.all([
    spawnGateway({ namespace: backends.namespace, env }),
    spawnGateway({ namespace: backends.namespace, env }),
  ]);
  ({ writer } = await createWriter({
    logger: quietLogger(),
    destinationKey: testDestinationKey(),
    bus: backends.bus,
    warehouse: control.warehouse,
    catalog: backends.catalog,
    groupId: `lifecycle-${unique()}`,
    maxRows: 10_000,
    retryMaxDelayMs: 300,
    topics: backends.topics,
  }));
});

afterAll(async () => {
  await writer?.stop();
  for (const gateway of gateways ?? []) await gateway.stop();
  await control?.close();
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
});

interface Dataset {
  id: number;
  slug: string;
  schemaVersion: number;
  addedFields: Record<string, unknown>;
  retentionDays: number | null;
}

/** A project of a new owner with one dataset, its schema registered, and an ingest key. */
async function activeDataset(fields: Record<string, string>, create: Record<string, unknown> = {}) {
  const owner = await control.signUp();
  const project = await control.createProject(owner);
  const created = await control.request('POST', `/api/datasets/${project}`, {
    token: owner.token,
    body: { name: `Events ${unique()}`, ...create },
  });
  expect(created.status).toBe(201);
  const { id } = (created.body as { dataset: Dataset }).dataset;
  const registered = await control.request('POST', `/api/datasets/${project}/${id}/schema`, {
    token: owner.token,
    body: { fields },
  });
  expect(registered.status).toBe(200);
  const key = await control.request('POST', `/api/projects/${project}/keys`, {
    token: owner.token,
    body: { name: 'ingest' },
  });
  const { apiKey } = key.body as { apiKey: string };
  return { owner, project, id, apiKey, base: `/api/datasets/${project}/${id}` };
}

async function ingest(gateway: ServiceProcess, id: number, apiKey: string, records: unknown[]) {
  const response = await fetch(`${gateway.url}/datasets/${id}/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Polls `read` until `done` holds (the writer stores within about a second), at most `ms`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

const NOTE = "it's a \\ note'); DROP TABLE x; --";
const DAY = { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' };

async function rows(user: TestUser, base: string, select: string[], range = DAY) {
  const answer = await control.request('POST', `${base}/query`, {
    token: user.token,
    body: {
      range,
      select: select.map((field) => ({ field })),
      orderBy: select.includes('timestamp') ? [{ field: 'timestamp', direction: 'asc' }] : [],
      limit: 1000,
    },
  });
  if (answer.status !== 200) throw new Error(`query: ${answer.status} ${answer.text}`);
  return (answer.body as { rows: Record<string, unknown>[] }).rows;
}

describe('schema versions', () => {
  it('stores a version 1 and a version 2 record, and one query reads both (old rows read the default)', async () => {
    const { owner, id, apiKey, base } = await activeDataset({ country: 'string', amount: 'number' });
    const [first, second] = gateways as [ServiceProcess, ServiceProcess];
    const v1 = { timestamp: '2026-06-10T08:00:00Z', context: {}, country: 'RO', amount: 1 };
    expect((await ingest(first, id, apiKey, [v1])).status).toBe(202);
    // Before version 2, the new field is an extra field on every gateway.
    const early = await ingest(second, id, apiKey, [{ ...v1, coupon: 'WELCOME' }]);
    expect(early).toEqual({
      status: 400,
      body: { error: 'Bad Request', message: 'Extra field: coupon', index: 0 },
    });

    const published = await control.request('POST', `${base}/schema/versions`, {
      token: owner.token,
      body: {
        fields: {
          country: 'string',
          amount: 'number',
          coupon: { type: 'string', nullable: true },
          discount: { type: 'number', default: 0 },
          // A default travels into the DDL as a literal: quotes and backslashes must stay text.
          note: { type: 'string', default: NOTE },
        },
      },
    });
    expect(published.status).toBe(200);
    expect((published.body as { dataset: Dataset }).dataset).toMatchObject({
      schema: { fields: { country: 'string', amount: 'number' } },
      schemaVersion: 2,
      addedFields: {
        coupon: { type: 'string', default: null },
        discount: { type: 'number', default: 0 },
        note: { type: 'string', default: NOTE },
      },
    });

    const versions = await control.request('GET', `${base}/schema/versions`, { token: owner.token });
    expect(versions.body).toEqual({
      versions: [
        {
          version: 2,
          addedFields: (published.body as { dataset: Dataset }).dataset.addedFields,
          publishedBy: owner.id,
          publishedAt: expect.any(String),
        },
      ],
    });

    const v2 = {
      timestamp: '2026-06-10T09:00:00Z',
      context: {},
      country: 'US',
      amount: 2,
      coupon: 'WELCOME',
      discount: 5,
    };
    const v1Again = { ...v1, timestamp: '2026-06-10T10:00:00Z' };
    for (const gateway of gateways)
      expect((await ingest(gateway, id, apiKey, [v2, v1Again])).status).toBe(202);
    const bad = await ingest(first, id, apiKey, [{ ...v2, discount: '5' }]);
    expect(bad.body).toMatchObject({ message: 'Invalid number field: discount' });

    const select = ['timestamp', 'country', 'amount', 'coupon', 'discount', 'note'];
    const stored = await eventually(
      () => rows(owner, base, select),
      (found) => found.length === 5,
    );
    expect(stored).toEqual([
      {
        timestamp: '2026-06-10T08:00:00.000Z',
        country: 'RO',
        amount: 1,
        coupon: null,
        discount: 0,
        note: NOTE,
      },
      {
        timestamp: '2026-06-10T09:00:00.000Z',
        country: 'US',
        amount: 2,
        coupon: 'WELCOME',
        discount: 5,
        note: NOTE,
      },
      {
        timestamp: '2026-06-10T09:00:00.000Z',
        country: 'US',
        amount: 2,
        coupon: 'WELCOME',
        discount: 5,
        note: NOTE,
      },
      {
        timestamp: '2026-06-10T10:00:00.000Z',
        country: 'RO',
        amount: 1,
        coupon: null,
        discount: 0,
        note: NOTE,
      },
      {
        timestamp: '2026-06-10T10:00:00.000Z',
        country: 'RO',
        amount: 1,
        coupon: null,
        discount: 0,
        note: NOTE,
      },
    ]);
    const filtered = await control.request('POST', `${base}/query`, {
      token: owner.token,
      body: {
        range: DAY,
        select: [{ field: 'coupon' }, { aggregate: 'count', as: 'n' }],
        where: { field: 'discount', op: 'gt', value: 0 },
        groupBy: ['coupon'],
      },
    });
    expect(filtered.body).toMatchObject({ rows: [{ coupon: 'WELCOME', n: '2' }] });
  });

  it('refuses anything but added optional fields with a 409 naming the field, and non-admins with 403', async () => {
    const { owner, project, base } = await activeDataset({ country: 'string' });
    const publish = (fields: unknown, token = owner.token) =>
      control.request('POST', `${base}/schema/versions`, { token, body: { fields } });
    const renamed = await publish({ nation: { type: 'string', nullable: true } });
    expect(renamed.status).toBe(409);
    expect(renamed.body).toMatchObject({
      message: expect.stringMatching(/^Incompatible schema version: field country is missing/),
    });
    const retyped = await publish({ country: 'number', x: { type: 'string', nullable: true } });
    expect(retyped.body).toMatchObject({
      message: expect.stringMatching(/field country changes type \(string to number\)/),
    });
    expect((await publish({ country: 'string', plan: 'string' })).status).toBe(409);
    expect((await publish({ country: 'string', plan: { type: 'string' } })).status).toBe(400);
    expect((await publish({ country: 'string' })).body).toMatchObject({
      message: 'A new schema version must add at least one field',
    });
    const member = await control.signUp();
    await control.addMember(owner, project, member, 'member');
    expect(
      (await publish({ country: 'string', x: { type: 'string', nullable: true } }, member.token)).status,
    ).toBe(403);
    const outsider = await control.signUp();
    expect(
      (await publish({ country: 'string', x: { type: 'string', nullable: true } }, outsider.token)).status,
    ).toBe(404);
    // The contract's endpoint still refuses a second schema.
    const second = await control.request('POST', `${base}/schema`, {
      token: owner.token,
      body: { fields: { country: 'string', x: 'string' } },
    });
    expect(second).toMatchObject({ status: 409, body: { message: 'Dataset schema already registered' } });
    const unchanged = await control.request('GET', base, { token: owner.token });
    expect((unchanged.body as { dataset: Dataset }).dataset).toMatchObject({
      schemaVersion: 1,
      addedFields: {},
    });
  });
});

describe('retention', () => {
  const createStatement = async (id: number) => {
    const [row] = await control.warehouse.query({
      name: 'test.show_create',
      sql: `SHOW CREATE TABLE ds_${id}`,
      schema: z.object({ statement: z.string() }),
    });
    return row?.statement ?? '';
  };

  it('is shown in the metadata, bounded by the plan, and applied as the table TTL', async () => {
    const { owner, id, apiKey, base } = await activeDataset({ n: 'number' }, { retentionDays: 30 });
    expect((await control.request('GET', base, { token: owner.token })).body).toMatchObject({
      dataset: { retentionDays: 30 },
    });
    expect(await createStatement(id)).toContain('TTL timestamp + toIntervalDay(30)');

    const recent = new Date(Date.now() - 86_400_000).toISOString();
    const records = [
      { timestamp: '2020-01-01T00:00:00Z', context: {}, n: 1 },
      { timestamp: recent, context: {}, n: 2 },
    ];
    expect((await ingest(gateways[0] as ServiceProcess, id, apiKey, records)).status).toBe(202);
    const everything = { from: '1900-01-01T00:00:00Z', to: '2299-12-31T00:00:00Z' };
    await eventually(
      () => rows(owner, base, ['timestamp', 'n'], everything),
      (found) => found.some((row) => row.n === 2),
    );
    // The engine drops expired rows as it writes and merges parts; a forced merge settles the rest.
    await control.warehouse.command({ name: 'test.optimize', sql: `OPTIMIZE TABLE ds_${id} FINAL` });
    expect(await rows(owner, base, ['n'], everything)).toEqual([{ n: 2 }]);

    const over = await control.request('PATCH', base, {
      token: owner.token,
      body: { retentionDays: PLAN_RETENTION_DAYS + 1 },
    });
    expect(over).toMatchObject({
      status: 400,
      body: { message: `retentionDays: at most ${PLAN_RETENTION_DAYS} days on this project's plan` },
    });
    const cleared = await control.request('PATCH', base, {
      token: owner.token,
      body: { retentionDays: null },
    });
    expect(cleared.body).toMatchObject({ dataset: { retentionDays: PLAN_RETENTION_DAYS } });
    expect(await createStatement(id)).toContain(`TTL timestamp + toIntervalDay(${PLAN_RETENTION_DAYS})`);
    const stray = await control.request('PATCH', base, {
      token: owner.token,
      body: { retentionDays: 7, ttl: 1 },
    });
    expect(stray.status).toBe(400);
  });

  it('defaults to the plan bound at creation and refuses more than it', async () => {
    const owner = await control.signUp();
    const project = await control.createProject(owner);
    const create = (body: Record<string, unknown>) =>
      control.request('POST', `/api/datasets/${project}`, {
        token: owner.token,
        body: { name: unique(), ...body },
      });
    expect((await create({})).body).toMatchObject({ dataset: { retentionDays: PLAN_RETENTION_DAYS } });
    expect((await create({ retentionDays: PLAN_RETENTION_DAYS + 1 })).status).toBe(400);
    expect((await create({ retentionDays: 0 })).status).toBe(400);
  });
});

describe('deleting records by filter', () => {
  it('deletes exactly the matching records of the range, answers the count and keeps an audit entry', async () => {
    const { owner, project, id, apiKey, base } = await activeDataset({ email: 'string', amount: 'number' });
    const record = (timestamp: string, email: string, amount: number) => ({
      timestamp,
      context: {},
      email,
      amount,
    });
    const records = [
      record('2026-06-10T08:00:00Z', 'ana@example.com', 1),
      record('2026-06-10T09:00:00Z', 'ana@example.com', 2),
      record('2026-06-11T09:00:00Z', 'ana@example.com', 3),
      record('2026-06-10T09:00:00Z', 'bob@example.com', 4),
      record('2026-06-10T10:00:00Z', "o'hara@example.com", 5),
    ];
    expect((await ingest(gateways[1] as ServiceProcess, id, apiKey, records)).status).toBe(202);
    const twoDays = { from: '2026-06-10T00:00:00Z', to: '2026-06-11T23:59:59Z' };
    const stored = await eventually(
      () => rows(owner, base, ['timestamp', 'amount'], twoDays),
      (found) => found.length === 5,
    );
    expect(stored).toHaveLength(5);

    const filter = {
      range: DAY,
      where: { field: 'email', op: 'in', value: ['ana@example.com', "o'hara@example.com"] },
    };
    const deleted = await control.request('POST', `${base}/deletions`, { token: owner.token, body: filter });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({
      deletion: {
        id: expect.any(Number),
        datasetId: id,
        range: { from: '2026-06-10T00:00:00.000Z', to: '2026-06-10T23:59:59.000Z' },
        where: filter.where,
        deleted: '3',
        deletedBy: { userId: owner.id, email: owner.email },
        createdAt: expect.any(String),
      },
    });
    const left = await rows(owner, base, ['amount'], twoDays);
    expect(left.map((row) => row.amount).sort()).toEqual([3, 4]);
    const again = await control.request('POST', `${base}/deletions`, { token: owner.token, body: filter });
    expect(again.body).toMatchObject({ deletion: { deleted: '0' } });

    const audit = await control.request('GET', `${base}/deletions`, { token: owner.token });
    expect(
      (audit.body as { deletions: { deleted: string }[] }).deletions.map((entry) => entry.deleted),
    ).toEqual(['0', '3']);

    const member = await control.signUp();
    await control.addMember(owner, project, member, 'member');
    expect(
      (await control.request('POST', `${base}/deletions`, { token: member.token, body: filter })).status,
    ).toBe(403);
    expect((await control.request('GET', `${base}/deletions`, { token: member.token })).status).toBe(403);
    const outsider = await control.signUp();
    expect(
      (await control.request('POST', `${base}/deletions`, { token: outsider.token, body: filter })).status,
    ).toBe(404);
  });

  it('refuses a filter without a range, with raw SQL, an unknown field or a wrong value type (400)', async () => {
    const { owner, base } = await activeDataset({ email: 'string' });
    const refused = async (body: unknown) =>
      (await control.request('POST', `${base}/deletions`, { token: owner.token, body })).body;
    expect(await refused({ where: { field: 'email', op: 'eq', value: 'x' } })).toMatchObject({
      error: 'Bad Request',
    });
    expect(await refused({ range: DAY, sql: '1=1' })).toMatchObject({ message: 'Unknown key: sql' });
    expect(await refused({ range: DAY, where: { field: 'nope', op: 'eq', value: 'x' } })).toMatchObject({
      message: 'Unknown field: nope',
    });
    expect(await refused({ range: DAY, where: { field: 'email', op: 'eq', value: 1 } })).toMatchObject({
      message: 'Invalid string value for field: email',
    });
    const audit = await control.request('GET', `${base}/deletions`, { token: owner.token });
    expect(audit.body).toEqual({ deletions: [] });
  });
});

describe('deleting a dataset', () => {
  it('drops its table, frees its plan slot and slug, never reuses its id, and every gateway answers 404 at once', async () => {
    const { owner, project, id, apiKey, base } = await activeDataset({ n: 'number' });
    const record = { timestamp: '2026-06-10T08:00:00Z', context: {}, n: 1 };
    for (const gateway of gateways) expect((await ingest(gateway, id, apiKey, [record])).status).toBe(202);
    const { slug } = (
      (await control.request('GET', base, { token: owner.token })).body as { dataset: Dataset }
    ).dataset;
    // Default + this one + one more fill the plan's three.
    expect(
      (
        await control.request('POST', `/api/datasets/${project}`, {
          token: owner.token,
          body: { name: unique() },
        })
      ).status,
    ).toBe(201);
    const full = await control.request('POST', `/api/datasets/${project}`, {
      token: owner.token,
      body: { name: unique() },
    });
    expect(full.status).toBe(429);

    const member = await control.signUp();
    await control.addMember(owner, project, member, 'member');
    expect((await control.request('DELETE', base, { token: member.token })).status).toBe(403);
    // Another project's owner learns nothing of this dataset from any lifecycle route.
    const outsider = await control.signUp();
    const routes: [string, string, unknown][] = [
      ['DELETE', base, undefined],
      ['PATCH', base, { retentionDays: 7 }],
      ['POST', `${base}/schema/versions`, { fields: { n: 'number', x: { type: 'string', nullable: true } } }],
      ['POST', `${base}/deletions`, { range: DAY }],
      ['GET', `${base}/deletions`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const answer = await control.request(method, path, { token: outsider.token, body });
      expect([method, path, answer.status, answer.body]).toEqual([
        method,
        path,
        404,
        { error: 'Not Found', message: 'Project not found' },
      ]);
    }
    expect((await control.request('DELETE', base, { token: owner.token })).status).toBe(204);

    for (const gateway of gateways) {
      const answer = await eventually(
        () => ingest(gateway, id, apiKey, [record]),
        (found) => found.status === 404,
        5_000,
      );
      expect(answer).toEqual({
        status: 404,
        body: { error: 'Not Found', message: 'Dataset schema not found' },
      });
    }
    expect(await control.warehouseTables(`ds_${id}`)).toEqual([]);
    expect((await control.request('GET', base, { token: owner.token })).status).toBe(404);
    expect((await control.request('DELETE', base, { token: owner.token })).status).toBe(404);
    const query = await control.request('POST', `${base}/query`, {
      token: owner.token,
      body: { range: DAY, select: [{ aggregate: 'count', as: 'n' }] },
    });
    expect(query.status).toBe(404);

    // The slot and the slug are free again; the id is new.
    const name = slug.replaceAll('-', ' ');
    const again = await control.request('POST', `/api/datasets/${project}`, {
      token: owner.token,
      body: { name },
    });
    expect(again.status).toBe(201);
    const reborn = (again.body as { dataset: Dataset }).dataset;
    expect(reborn.slug).toBe(slug);
    expect(reborn.id).toBeGreaterThan(id);
    const list = await control.request('GET', `/api/datasets/${project}`, { token: owner.token });
    expect((list.body as { datasets: Dataset[] }).datasets.map((dataset) => dataset.id)).not.toContain(id);

    const [defaultDataset] = (
      list.body as { datasets: (Dataset & { isDefault: boolean })[] }
    ).datasets.filter((dataset) => dataset.isDefault);
    const kept = await control.request('DELETE', `/api/datasets/${project}/${defaultDataset?.id}`, {
      token: owner.token,
    });
    expect(kept.status).toBe(409);
  });

  it('dead-letters records still queued for a deleted dataset, and the partition goes on', async () => {
    const gone = await activeDataset({ n: 'number' });
    const project = await control.request('GET', `/api/projects/${gone.project}`, {
      token: gone.owner.token,
    });
    const projectId = (project.body as { project: { id: number } }).project.id;
    expect((await control.request('DELETE', gone.base, { token: gone.owner.token })).status).toBe(204);
    // What a gateway answered 202 a moment before the deletion, reaching the writer after the drop.
    const late = encodeDatasetEnvelope({
      datasetId: gone.id,
      projectId,
      acceptedAt: new Date().toISOString(),
      traceId: 'req_late',
      rows: [{ timestamp: '2026-06-10 10:00:00.000', context: '{}', n: 1 }],
    });
    await backends.bus
      .producer()
      .send(backends.topics.datasets, [{ key: datasetMessageKey(gone.id), value: late }]);
    const live = await activeDataset({ n: 'number' });
    const record = { timestamp: '2026-06-10T11:00:00Z', context: {}, n: 2 };
    expect((await ingest(gateways[0] as ServiceProcess, live.id, live.apiKey, [record])).status).toBe(202);
    const stored = await eventually(
      () => rows(live.owner, live.base, ['n']),
      (found) => found.length === 1,
    );
    expect(stored).toEqual([{ n: 2 }]);
    const letters = await eventually(
      () => listDeadLetters(backends.bus, backends.topics),
      (found) => found.some((letter) => letter.source.key === datasetMessageKey(gone.id)),
    );
    expect(letters.find((letter) => letter.source.key === datasetMessageKey(gone.id))).toMatchObject({
      reason: 'dataset table missing',
    });
  });
});

describe('copying a dataset (the path for a breaking change)', () => {
  it('copies every month of the old rows into a new dataset with a renamed and a retyped field, with progress', async () => {
    const old = await activeDataset({ country: 'string', amount: 'number' });
    const records = [
      { timestamp: '2026-05-31T23:00:00Z', context: { a: 1 }, country: 'RO', amount: 1.5 },
      { timestamp: '2026-06-10T08:00:00Z', context: {}, country: 'US', amount: 2 },
      { timestamp: '2026-06-10T09:00:00Z', context: {}, country: 'US', amount: 3 },
    ];
    expect((await ingest(gateways[0] as ServiceProcess, old.id, old.apiKey, records)).status).toBe(202);
    const twoMonths = { from: '2026-05-01T00:00:00Z', to: '2026-06-30T23:59:59Z' };
    await eventually(
      () => rows(old.owner, old.base, ['amount'], twoMonths),
      (found) => found.length === 3,
    );

    // The new dataset: `country` renamed `nation`, `amount` now text.
    const created = await control.request('POST', `/api/datasets/${old.project}`, {
      token: old.owner.token,
      body: { name: `Orders v2 ${unique()}` },
    });
    const target = (created.body as { dataset: Dataset }).dataset.id;
    const base = `/api/datasets/${old.project}/${target}`;
    const registered = await control.request('POST', `${base}/schema`, {
      token: old.owner.token,
      body: { fields: { nation: 'string', amount: 'string' } },
    });
    expect(registered.status).toBe(200);

    const copy = (body: unknown, token = old.owner.token) =>
      control.request('POST', `${base}/copies`, { token, body });
    expect((await copy({ from: old.id })).body).toMatchObject({
      message: 'Field nation has no source field; name one in "fields"',
    });
    expect((await copy({ from: old.id, fields: { nation: 'nope' } })).body).toMatchObject({
      message: 'fields: nope is not a field of the source dataset',
    });
    expect((await copy({ from: target, fields: { nation: 'nation' } })).status).toBe(400);
    const started = await copy({ from: old.id, fields: { nation: 'country' } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      copy: {
        targetId: target,
        sourceId: old.id,
        fields: { nation: 'country', amount: 'amount' },
        monthsTotal: 2,
      },
    });

    const progress = await eventually(
      async () =>
        (
          (await control.request('GET', `${base}/copies`, { token: old.owner.token })).body as {
            copies: { status: string; monthsDone: number; rowsCopied: string }[];
          }
        ).copies,
      (copies) => copies[0]?.status !== 'running',
    );
    expect(progress).toEqual([
      expect.objectContaining({
        status: 'done',
        monthsTotal: 2,
        monthsDone: 2,
        rowsCopied: '3',
        error: null,
      }),
    ]);
    expect(await rows(old.owner, base, ['timestamp', 'nation', 'amount'], twoMonths)).toEqual([
      { timestamp: '2026-05-31T23:00:00.000Z', nation: 'RO', amount: '1.5' },
      { timestamp: '2026-06-10T08:00:00.000Z', nation: 'US', amount: '2' },
      { timestamp: '2026-06-10T09:00:00.000Z', nation: 'US', amount: '3' },
    ]);

    const member = await control.signUp();
    await control.addMember(old.owner, old.project, member, 'member');
    expect((await copy({ from: old.id, fields: { nation: 'country' } }, member.token)).status).toBe(403);
    // Another project's dataset is no source: it answers as a missing one.
    const stranger = await activeDataset({ nation: 'string', amount: 'string' });
    expect((await copy({ from: stranger.id })).status).toBe(404);
  });
});
