import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { controlClient, gatewayClient } from '@quarry/openapi-client';
import { tempDir } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { GENERATED, generated } from './write-client.ts';

// The embedded stack starts in seconds, but a loaded CI machine can take minutes.
const STARTUP_MS = 180_000;

/** Polls `read` until it returns a value, for answers that wait on the writer. */
async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a client generated from /openapi.json (openapi-typescript + openapi-fetch)', () => {
  it.each(Object.keys(GENERATED) as (keyof typeof GENERATED)[])(
    'is generated from the %s document as served',
    async (name) => {
      // Regenerate with `node test/openapi/write-client.ts` after a change to a route's schema.
      expect(await readFile(GENERATED[name], 'utf8')).toBe(await generated(name));
    },
  );

  describe('runs the seed flow against the embedded stack', () => {
    let stack: EmbeddedProcess;
    beforeAll(async () => {
      stack = await startEmbedded(await tempDir('openapi-client'), STARTUP_MS);
    }, STARTUP_MS * 2);
    afterAll(async () => {
      if (stack?.child.exitCode === null) await stack.stop();
    });

    it('signs up, logs in, creates a project, dataset, schema and key, ingests, queries and searches logs', async () => {
      const { controlUrl, ingestUrl } = stack.bootstrap;
      const served = await (await fetch(`${controlUrl}/openapi.json`)).json();
      expect(served).toMatchObject({
        openapi: '3.1.0',
        components: { schemas: { Query: {}, LogSearch: {} } },
      });
      const gatewayDocument = (await (await fetch(`${ingestUrl}/openapi.json`)).json()) as { paths: object };
      expect(gatewayDocument.paths).toHaveProperty('/v1/logs');

      const anonymous = controlClient(controlUrl);
      const suffix = randomUUID().slice(0, 8);
      const email = `client-${suffix}@example.com`;
      const password = `pw-${randomUUID()}`;
      const signedUp = await anonymous.POST('/api/auth/signup', { body: { email, password } });
      expect(signedUp.response.status).toBe(201);
      const login = await anonymous.POST('/api/auth/login', { body: { email, password } });
      if (!login.data) throw new Error(`login answered ${login.response.status}`);

      const control = controlClient(controlUrl, login.data.token);
      const slug = `client-${suffix}`;
      const project = await control.POST('/api/projects', { body: { slug } });
      expect(project.data?.project.slug).toBe(slug);
      const created = await control.POST('/api/datasets/{project}', {
        params: { path: { project: slug } },
        body: { name: 'Orders' },
      });
      if (!created.data) throw new Error(`dataset answered ${created.response.status}`);
      const id = created.data.dataset.id;
      const path = { project: slug, id };
      const schema = await control.POST('/api/datasets/{project}/{id}/schema', {
        params: { path },
        body: { fields: { country: 'string', amount: 'number' } },
      });
      expect(schema.data?.dataset.status).toBe('active');
      const key = await control.POST('/api/projects/{project}/keys', {
        params: { path: { project: slug } },
        body: { name: 'client' },
      });
      if (!key.data) throw new Error(`key answered ${key.response.status}`);

      const gateway = gatewayClient(ingestUrl, key.data.apiKey);
      const batch = await gateway.POST('/datasets/{datasetId}/batch', {
        params: { path: { datasetId: id } },
        body: [
          { timestamp: '2026-06-10T10:00:00Z', context: {}, country: 'RO', amount: 50 },
          { timestamp: '2026-06-10T11:00:00Z', context: {}, country: 'US', amount: 5 },
        ],
      });
      expect(batch.data).toEqual({ success: true, count: 2, status: 'queued' });
      const logs = await gateway.POST('/v1/logs', {
        body: { events: [{ message: `checkout failed ${suffix}`, level: 'error', metadata: { order: 7 } }] },
      });
      expect(logs.data).toEqual({ accepted: 1 });

      const rows = await eventually(async () => {
        const query = await control.POST('/api/datasets/{project}/{id}/query', {
          params: { path },
          body: {
            range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
            select: [{ field: 'country' }, { aggregate: 'sum', field: 'amount', as: 'revenue' }],
            groupBy: ['country'],
            orderBy: [{ field: 'country', direction: 'asc' }],
          },
        });
        if (!query.data) throw new Error(`query answered ${query.response.status}`);
        return query.data.rows.length === 2 ? query.data.rows : undefined;
      });
      expect(rows).toEqual([
        { country: 'RO', revenue: 50 },
        { country: 'US', revenue: 5 },
      ]);

      const events = await eventually(async () => {
        const search = await control.POST('/api/logs/{project}/search', {
          params: { path: { project: slug } },
          body: { levels: ['error'], text: suffix },
        });
        if (!search.data) throw new Error(`search answered ${search.response.status}`);
        return search.data.events.length > 0 ? search.data.events : undefined;
      });
      expect(events).toMatchObject([
        { message: `checkout failed ${suffix}`, level: 'error', metadata: { order: 7 } },
      ]);

      // The refusals are typed too: a path id that is not plain decimal digits is a 400, never dataset 22.
      const refused = await fetch(`${controlUrl}/api/datasets/${slug}/0x${id.toString(16)}`, {
        headers: { authorization: `Bearer ${login.data.token}` },
      });
      expect(refused.status).toBe(400);
    }, 120_000);
  });
});
