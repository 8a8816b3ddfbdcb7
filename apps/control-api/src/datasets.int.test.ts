import { DEFAULT_PLANS, type Plans, planLimits } from '@quarry/control-plane';
import { createLogger } from '@quarry/observability';
import { testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse } from '@quarry/warehouse';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createControlApp } from './app.ts';
import { createControlServices } from './start.ts';
import { CONTROL_MODES, type TestControl, type TestUser, useTestControl } from './testing.ts';

const CONTRACT_FIELDS = {
  country: 'string',
  plan: 'string',
  amount: 'number',
  active: 'boolean',
  signup_at: 'timestamp',
};

// Projects on this plan may hold 3 datasets, the default one included.
const PLANS: Plans = { tiny: { ...planLimits(DEFAULT_PLANS, 'free'), datasets: 3 } };

const badRequest = (message: string) => ({ error: 'Bad Request', message });

async function columnsOf(control: TestControl, datasetId: number): Promise<Record<string, string>> {
  const rows = await control.warehouse.query({
    name: 'test.columns',
    sql: 'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position',
    params: { table: `ds_${datasetId}` },
    schema: z.object({ name: z.string(), type: z.string() }),
  });
  return Object.fromEntries(rows.map((row) => [row.name, row.type]));
}

for (const { mode, title } of CONTROL_MODES) {
  describe(`datasets and schemas ${title}`, () => {
    const control = useTestControl(mode, { plans: PLANS });
    const as = (user: TestUser) => ({
      get: (path: string) => control().request('GET', path, { token: user.token }),
      post: (path: string, body: unknown) => control().request('POST', path, { token: user.token, body }),
    });
    const newProject = async () => {
      const owner = await control().signUp();
      return { owner, slug: await control().createProject(owner) };
    };

    describe('dataset metadata', () => {
      it('creates a dataset: 201 with the contract body, pending its schema', async () => {
        const { owner, slug } = await newProject();
        const response = await as(owner).post(`/api/datasets/${slug}`, {
          name: 'Orders',
          description: 'Paid orders from billing',
        });
        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          dataset: {
            id: expect.any(Number),
            name: 'Orders',
            slug: 'orders',
            description: 'Paid orders from billing',
            schema: null,
            isDefault: false,
            status: 'pending_schema',
            schemaVersion: 1,
            addedFields: {},
            retentionDays: null,
          },
        });
        const { dataset } = response.body as { dataset: { id: number } };
        expect(Number.isSafeInteger(dataset.id) && dataset.id > 0).toBe(true);
      });

      it('lists the datasets of a project with exactly one default, and gets one by id', async () => {
        const { owner, slug } = await newProject();
        const orders = await control().createDataset(owner, slug, 'Orders');
        const list = await as(owner).get(`/api/datasets/${slug}`);
        expect(list.status).toBe(200);
        const { datasets } = list.body as {
          datasets: Array<{ id: number; slug: string; isDefault: boolean }>;
        };
        expect(datasets.map((dataset) => [dataset.slug, dataset.isDefault])).toEqual([
          ['default', true],
          ['orders', false],
        ]);
        const one = await as(owner).get(`/api/datasets/${slug}/${orders.id}`);
        expect([one.status, one.body]).toEqual([200, { dataset: datasets[1] }]);
      });

      it('gives ids unique across the installation and slugs unique within a project', async () => {
        const first = await newProject();
        const second = await newProject();
        const a = await control().createDataset(first.owner, first.slug, 'Paid Orders (EU)');
        const b = await control().createDataset(second.owner, second.slug, 'Paid Orders (EU)');
        expect(a.slug).toBe('paid-orders-eu');
        expect(b.slug).toBe('paid-orders-eu');
        expect(a.id).not.toBe(b.id);
        const again = await as(first.owner).post(`/api/datasets/${first.slug}`, { name: 'paid orders eu' });
        expect([again.status, again.body]).toEqual([
          409,
          { error: 'Conflict', message: 'A dataset with this slug already exists in the project' },
        ]);
      });

      it("answers 404 for an unknown id and for another project's dataset, and 400 for a non-numeric id", async () => {
        const first = await newProject();
        const second = await newProject();
        const foreign = await control().createDataset(second.owner, second.slug);
        // The same owner in both projects still cannot reach a dataset through the wrong project.
        await control().addMember(second.owner, second.slug, first.owner, 'owner');
        const notFound = { error: 'Not Found', message: 'Dataset not found' };
        for (const id of [foreign.id, 999_999_999_999]) {
          const response = await as(first.owner).get(`/api/datasets/${first.slug}/${id}`);
          expect([response.status, response.body]).toEqual([404, notFound]);
        }
        for (const id of ['abc', '0', '-1', '1.5']) {
          expect((await as(first.owner).get(`/api/datasets/${first.slug}/${id}`)).status, id).toBe(400);
        }
      });

      it('refuses a missing, blank or too long name and a body that is not JSON (400), naming the problem', async () => {
        const { owner, slug } = await newProject();
        const cases: Array<[unknown, string]> = [
          [{}, 'name: is required'],
          [{ name: '' }, 'name: is required'],
          [{ name: '   ' }, 'name: is required'],
          [{ name: 42 }, 'name: is required'],
          [{ name: 'x'.repeat(101) }, 'name: must be at most 100 characters'],
        ];
        for (const [body, message] of cases) {
          const response = await as(owner).post(`/api/datasets/${slug}`, body);
          expect([response.status, response.body], JSON.stringify(body)).toEqual([400, badRequest(message)]);
        }
        const broken = await control().request('POST', `/api/datasets/${slug}`, {
          token: owner.token,
          rawBody: '{"name": "Orders"',
        });
        expect(broken.status).toBe(400);
        expect(broken.body).toEqual({ error: 'Bad Request', message: expect.any(String) });
      });

      it('answers 429 past the dataset count of the plan, counting the default dataset', async () => {
        const { owner, slug } = await newProject();
        await control().catalog.query(`UPDATE projects SET plan = 'tiny' WHERE slug = $1`, [slug]);
        expect((await as(owner).post(`/api/datasets/${slug}`, { name: 'One' })).status).toBe(201);
        expect((await as(owner).post(`/api/datasets/${slug}`, { name: 'Two' })).status).toBe(201);
        const over = await as(owner).post(`/api/datasets/${slug}`, { name: 'Three' });
        expect([over.status, over.body]).toEqual([
          429,
          { error: 'Too Many Requests', message: 'Dataset limit of your plan reached', limit: 3 },
        ]);
        const list = await as(owner).get(`/api/datasets/${slug}`);
        expect((list.body as { datasets: unknown[] }).datasets).toHaveLength(3);
      });

      it('frees the slug and the plan slot of a deleted dataset, never its id, on either catalog', async () => {
        const { owner, slug } = await newProject();
        await control().catalog.query(`UPDATE projects SET plan = 'tiny' WHERE slug = $1`, [slug]);
        const one = await control().createDataset(owner, slug, 'One');
        await control().createDataset(owner, slug, 'Two');
        expect((await as(owner).post(`/api/datasets/${slug}`, { name: 'Three' })).status).toBe(429);
        const deleted = await control().request('DELETE', `/api/datasets/${slug}/${one.id}`, {
          token: owner.token,
        });
        expect(deleted.status).toBe(204);
        const again = await as(owner).post(`/api/datasets/${slug}`, { name: 'One' });
        expect(again.status).toBe(201);
        const reborn = (again.body as { dataset: { id: number; slug: string } }).dataset;
        expect(reborn.slug).toBe('one');
        expect(reborn.id).toBeGreaterThan(one.id);
        expect((await as(owner).get(`/api/datasets/${slug}/${one.id}`)).status).toBe(404);
        // The slug is unique among live datasets still (on a plan with room, so the count is not the answer).
        await control().catalog.query(`UPDATE projects SET plan = 'free' WHERE slug = $1`, [slug]);
        expect((await as(owner).post(`/api/datasets/${slug}`, { name: 'ONE' })).status).toBe(409);
      });

      it('never overruns the dataset quota under concurrent creations', async () => {
        const { owner, slug } = await newProject();
        await control().catalog.query(`UPDATE projects SET plan = 'tiny' WHERE slug = $1`, [slug]);
        const responses = await Promise.all(
          Array.from({ length: 8 }, (_, i) => as(owner).post(`/api/datasets/${slug}`, { name: `Race ${i}` })),
        );
        const statuses = responses.map((response) => response.status).sort();
        expect(statuses).toEqual([201, 201, 429, 429, 429, 429, 429, 429]);
        const list = await as(owner).get(`/api/datasets/${slug}`);
        expect((list.body as { datasets: unknown[] }).datasets).toHaveLength(3);
      });
    });

    describe('schema registration', () => {
      const register = (user: TestUser, slug: string, id: number, body: unknown) =>
        as(user).post(`/api/datasets/${slug}/${id}/schema`, body);

      it('registers the schema: 200, the dataset is active, and its table has typed columns', async () => {
        const { owner, slug } = await newProject();
        const dataset = await control().createDataset(owner, slug, 'Orders');
        const response = await register(owner, slug, dataset.id, { fields: CONTRACT_FIELDS });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          dataset: {
            id: dataset.id,
            name: 'Orders',
            slug: 'orders',
            description: null,
            schema: { fields: CONTRACT_FIELDS },
            isDefault: false,
            status: 'active',
            schemaVersion: 1,
            addedFields: {},
            retentionDays: null,
          },
        });
        const got = await as(owner).get(`/api/datasets/${slug}/${dataset.id}`);
        expect(got.body).toEqual(response.body);
        // The declared order is kept: it orders validation messages on ingest.
        const { dataset: stored } = got.body as { dataset: { schema: { fields: object } } };
        expect(Object.keys(stored.schema.fields)).toEqual(Object.keys(CONTRACT_FIELDS));

        expect(await columnsOf(control(), dataset.id)).toMatchObject({
          timestamp: "DateTime64(3, 'UTC')",
          context: 'String',
          __traceId: 'String',
          __ingestedAt: "DateTime64(3, 'UTC')",
          country: 'String',
          plan: 'String',
          amount: 'Float64',
          active: 'Bool',
          signup_at: "DateTime64(3, 'UTC')",
        });
      });

      it('creates the table partitioned by month and ordered by timestamp', async () => {
        const { owner, slug } = await newProject();
        const dataset = await control().createDataset(owner, slug);
        await register(owner, slug, dataset.id, { fields: { country: 'string' } });
        const [table] = await control().warehouse.query({
          name: 'test.table_keys',
          sql: `SELECT partition_key, sorting_key FROM system.tables
                WHERE database = currentDatabase() AND name = {table:String}`,
          params: { table: `ds_${dataset.id}` },
          schema: z.object({ partition_key: z.string(), sorting_key: z.string() }),
        });
        expect(table?.partition_key).toBe('toYYYYMM(timestamp)');
        expect(table?.sorting_key.split(',')[0]?.trim()).toBe('timestamp');
      });

      it('registers the schema of the default dataset like any other', async () => {
        const { owner, slug } = await newProject();
        const list = await as(owner).get(`/api/datasets/${slug}`);
        const [defaultDataset] = (list.body as { datasets: Array<{ id: number }> }).datasets;
        const id = defaultDataset?.id ?? 0;
        const response = await register(owner, slug, id, { fields: { message: 'string' } });
        expect(response.body).toEqual({
          dataset: expect.objectContaining({ isDefault: true, status: 'active' }),
        });
        expect(await control().warehouseTables(`ds_${id}`)).toEqual([`ds_${id}`]);
      });

      it('refuses invalid field names and types with a message naming the field, registering nothing', async () => {
        const { owner, slug } = await newProject();
        const dataset = await control().createDataset(owner, slug);
        const cases: Array<[unknown, string]> = [
          [{ fields: { '1st': 'string' } }, 'Invalid field name: 1st'],
          [{ fields: { 'first-name': 'string' } }, 'Invalid field name: first-name'],
          [{ fields: { naïve: 'string' } }, 'Invalid field name: naïve'],
          [{ fields: { '': 'string' } }, 'Invalid field name: '],
          [{ fields: { timestamp: 'timestamp' } }, 'Reserved field name: timestamp'],
          [{ fields: { context: 'string' } }, 'Reserved field name: context'],
          [{ fields: { __traceId: 'string' } }, 'Reserved field name: __traceId'],
          [{ fields: { __anything: 'string' } }, 'Reserved field name: __anything'],
          [{ fields: { amount: 'integer' } }, 'Invalid field type for amount: integer'],
          [{ fields: { amount: 'Number' } }, 'Invalid field type for amount: Number'],
          [{ fields: { tags: ['string'] } }, 'Invalid field type for tags: ["string"]'],
          [{ fields: { ok: 'string', 'bad name': 'string' } }, 'Invalid field name: bad name'],
          [{ fields: {} }, 'Schema must declare at least one field'],
          [{ fields: [] }, 'fields must be an object of field name to type'],
          [{}, 'fields must be an object of field name to type'],
          [[], 'Schema body must be an object'],
          [{ fields: { [`a${'b'.repeat(64)}`]: 'string' } }, expect.stringMatching(/^Field name too long/)],
        ];
        for (const [body, message] of cases) {
          const response = await register(owner, slug, dataset.id, body);
          expect([response.status, response.body], JSON.stringify(body)).toEqual([400, badRequest(message)]);
        }
        const broken = await control().request('POST', `/api/datasets/${slug}/${dataset.id}/schema`, {
          token: owner.token,
          rawBody: '{"fields": {',
        });
        expect([broken.status, broken.body]).toEqual([400, badRequest('Invalid JSON body')]);
        const got = await as(owner).get(`/api/datasets/${slug}/${dataset.id}`);
        expect(got.body).toEqual({
          dataset: expect.objectContaining({ schema: null, status: 'pending_schema' }),
        });
        expect(await control().warehouseTables(`ds_${dataset.id}`)).toEqual([]);
      });

      it('refuses a second registration with 409 and changes nothing', async () => {
        const { owner, slug } = await newProject();
        const dataset = await control().createDataset(owner, slug);
        const first = await register(owner, slug, dataset.id, { fields: { country: 'string' } });
        expect(first.status).toBe(200);
        for (const fields of [{ country: 'string' }, { country: 'number', extra: 'boolean' }]) {
          const second = await register(owner, slug, dataset.id, { fields });
          expect([second.status, second.body]).toEqual([
            409,
            { error: 'Conflict', message: 'Dataset schema already registered' },
          ]);
        }
        const got = await as(owner).get(`/api/datasets/${slug}/${dataset.id}`);
        expect(got.body).toEqual(first.body);
        expect(Object.keys(await columnsOf(control(), dataset.id))).not.toContain('extra');
        expect((await columnsOf(control(), dataset.id)).country).toBe('String');
      });

      it('lets exactly one of 20 concurrent registrations win (one 200, nineteen 409) and creates one table', async () => {
        const { owner, slug } = await newProject();
        const dataset = await control().createDataset(owner, slug);
        const attempts = Array.from({ length: 20 }, (_, i) => ({
          [`field_${i}`]: 'string',
          amount: 'number',
        }));
        const responses = await Promise.all(
          attempts.map((fields) => register(owner, slug, dataset.id, { fields })),
        );
        const winners = responses.filter((response) => response.status === 200);
        const losers = responses.filter((response) => response.status === 409);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const loser of losers) {
          expect(loser.body).toEqual({ error: 'Conflict', message: 'Dataset schema already registered' });
        }
        const [winner] = winners as Array<{
          body: { dataset: { schema: { fields: Record<string, string> } } };
        }>;
        const won = winner?.body.dataset;
        const got = await as(owner).get(`/api/datasets/${slug}/${dataset.id}`);
        expect(got.body).toEqual({ dataset: won });
        expect(await control().warehouseTables(`ds_${dataset.id}`)).toEqual([`ds_${dataset.id}`]);
        const columns = await columnsOf(control(), dataset.id);
        const declared = Object.keys(columns).filter((name) => name.startsWith('field_'));
        expect(declared).toEqual(
          Object.keys(won?.schema.fields ?? {}).filter((name) => name.startsWith('field_')),
        );
      });

      it('checks access before the body: an outsider gets 404 and a member 403 even for an invalid schema', async () => {
        const { owner, slug } = await newProject();
        const [outsider, member] = [await control().signUp(), await control().signUp()];
        await control().addMember(owner, slug, member, 'member');
        const dataset = await control().createDataset(owner, slug);
        for (const body of [{ fields: { '1bad': 'string' } }, { fields: { ok: 'string' } }]) {
          const outside = await register(outsider, slug, dataset.id, body);
          expect([outside.status, outside.body]).toEqual([
            404,
            { error: 'Not Found', message: 'Project not found' },
          ]);
          const inside = await register(member, slug, dataset.id, body);
          expect(inside.status).toBe(403);
        }
        expect(await control().warehouseTables(`ds_${dataset.id}`)).toEqual([]);
      });

      it('answers 503 when the warehouse cannot create the table, and registers nothing', async () => {
        const { owner, slug } = await newProject();
        const dataset = await control().createDataset(owner, slug);
        // A real client on a port where no ClickHouse listens: the DDL fails like a warehouse outage.
        const unreachable = createWarehouse({ kind: 'clickhouse', url: 'http://127.0.0.1:9' });
        const app = createControlApp(
          createControlServices({
            logger: createLogger({ service: 'control-api-test', level: 'silent' }),
            catalog: control().catalog,
            warehouse: unreachable,
            counters: control().counters,
            signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
            destinationKey: testDestinationKey(),
          }),
        );
        try {
          const response = await app.request(`/api/datasets/${slug}/${dataset.id}/schema`, {
            method: 'POST',
            headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ fields: { country: 'string' } }),
          });
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toBe('5');
          expect(await response.json()).toEqual({
            error: 'Service Unavailable',
            message: 'Could not create the dataset table; the schema was not registered',
          });
        } finally {
          await unreachable.close();
        }
        const got = await as(owner).get(`/api/datasets/${slug}/${dataset.id}`);
        expect(got.body).toEqual({
          dataset: expect.objectContaining({ schema: null, status: 'pending_schema' }),
        });
        // Once the warehouse is back, the registration goes through.
        const retry = await register(owner, slug, dataset.id, { fields: { country: 'string' } });
        expect(retry.status).toBe(200);
        expect(await control().warehouseTables(`ds_${dataset.id}`)).toEqual([`ds_${dataset.id}`]);
      });

      it("answers 404 for an unknown dataset and for another project's dataset, creating no table", async () => {
        const first = await newProject();
        const second = await newProject();
        const foreign = await control().createDataset(second.owner, second.slug);
        await control().addMember(second.owner, second.slug, first.owner, 'owner');
        for (const id of [foreign.id, 999_999_999_999]) {
          const response = await register(first.owner, first.slug, id, { fields: { a: 'string' } });
          expect([response.status, response.body]).toEqual([
            404,
            { error: 'Not Found', message: 'Dataset not found' },
          ]);
        }
        expect(await control().warehouseTables(`ds_${foreign.id}`)).toEqual([]);
      });
    });
  });
}
