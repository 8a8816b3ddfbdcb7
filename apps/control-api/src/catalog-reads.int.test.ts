import { CATALOG_READ_TTL_MS, issuePat } from '@quarry/control-plane';
import { describe, expect, it } from 'vitest';
import { type TestControl, type TestUser, useTestControl } from './testing.ts';

// The token and the query target are cached (read-cache.ts): a repeated query costs no catalog read,
// yet what this process revokes, removes or deletes stops working on the very next request, and what
// another process does stops working within the cache's bound.

const QUERY = {
  range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
  select: [{ aggregate: 'count', as: 'events' }],
};

/** A project with a queryable dataset, and a function running the query with a token through `via`. */
async function queryableDataset(control: TestControl, owner: TestUser) {
  const project = await control.createProject(owner);
  const dataset = await control.createDataset(owner, project);
  const registered = await control.request('POST', `/api/datasets/${project}/${dataset.id}/schema`, {
    token: owner.token,
    body: { fields: { plan: 'string' } },
  });
  expect(registered.status).toBe(200);
  const path = `/api/datasets/${project}/${dataset.id}`;
  const query = async (token: string, via = control) =>
    (await via.request('POST', `${path}/query`, { token, body: QUERY })).status;
  return { project, path, query };
}

describe('cached catalog reads on one process', () => {
  const statements: string[] = [];
  const control = useTestControl('postgres', { onCatalogStatement: (sql) => statements.push(sql) });

  it('answers a repeated query without reading the catalog again', async () => {
    const owner = await control().signUp();
    const { query } = await queryableDataset(control(), owner);
    expect(await query(owner.token)).toBe(200);
    statements.length = 0;
    expect(await query(owner.token)).toBe(200);
    expect(statements).toEqual([]);
  });

  it('refuses a revoked token on the very next request', async () => {
    const owner = await control().signUp();
    const { query } = await queryableDataset(control(), owner);
    const { token, pat } = await issuePat(control().services.db, owner.id, 'second');
    expect(await query(token)).toBe(200);
    expect(await query(token)).toBe(200);
    const revoked = await control().request('DELETE', `/api/dashboard/tokens/${pat.id}`, {
      token: owner.token,
    });
    expect(revoked.status).toBe(200);
    expect(await query(token)).toBe(401);
  });

  it('refuses a removed member and a deleted dataset on the very next request', async () => {
    const owner = await control().signUp();
    const member = await control().signUp();
    const { project, path, query } = await queryableDataset(control(), owner);
    await control().addMember(owner, project, member, 'member');
    expect(await query(member.token)).toBe(200);
    const removed = await control().request('DELETE', `/api/projects/${project}/members/${member.id}`, {
      token: owner.token,
    });
    expect(removed.status).toBe(204);
    expect(await query(member.token)).toBe(404);

    expect(await query(owner.token)).toBe(200);
    expect((await control().request('DELETE', path, { token: owner.token })).status).toBe(204);
    expect(await query(owner.token)).toBe(404);
  });
});

describe('cached catalog reads across processes', () => {
  // Two controls on one catalog are two replicas: neither sees the other's writes but through it.
  const TTL_MS = 1_000;
  const writer = useTestControl('postgres', { catalogReadTtlMs: TTL_MS });
  const reader = useTestControl('postgres', { catalogReadTtlMs: TTL_MS });
  // The bound, plus one request's time on a loaded machine.
  const WITHIN = { timeout: TTL_MS + 2_000, interval: 50 };

  it('the production bound is a few seconds', () => {
    expect(CATALOG_READ_TTL_MS).toBeLessThanOrEqual(5_000);
  });

  it("refuses another replica's revoked token and removed member once the bound has passed", async () => {
    const owner = await writer().signUp();
    const member = await writer().signUp();
    const { project, query } = await queryableDataset(writer(), owner);
    await writer().addMember(owner, project, member, 'member');
    const { token, pat } = await issuePat(writer().services.db, owner.id, 'second');
    expect(await query(token, reader())).toBe(200);
    expect(await query(member.token, reader())).toBe(200);

    const revoked = await writer().request('DELETE', `/api/dashboard/tokens/${pat.id}`, {
      token: owner.token,
    });
    expect(revoked.status).toBe(200);
    const removed = await writer().request('DELETE', `/api/projects/${project}/members/${member.id}`, {
      token: owner.token,
    });
    expect(removed.status).toBe(204);
    await expect.poll(() => query(token, reader()), WITHIN).toBe(401);
    await expect.poll(() => query(member.token, reader()), WITHIN).toBe(404);
  });

  it("queries a field another replica's new schema version added on the very next request", async () => {
    const owner = await writer().signUp();
    const { path, query } = await queryableDataset(writer(), owner);
    const byCoupon = { ...QUERY, groupBy: ['coupon'] };
    const queryCoupon = async () =>
      (await reader().request('POST', `${path}/query`, { token: owner.token, body: byCoupon })).status;
    // The reader has the target (the first version's schema) cached.
    expect(await query(owner.token, reader())).toBe(200);
    const published = await writer().request('POST', `${path}/schema/versions`, {
      token: owner.token,
      body: { fields: { plan: 'string', coupon: { type: 'string', nullable: true } } },
    });
    expect(published.status).toBe(200);
    // A refusal naming the new field would tell a user following the docs that it does not exist.
    expect(await queryCoupon()).toBe(200);
  });

  it("answers another replica's deleted dataset 404 on the next query", async () => {
    const owner = await writer().signUp();
    const { path, query } = await queryableDataset(writer(), owner);
    expect(await query(owner.token, reader())).toBe(200);
    expect((await writer().request('DELETE', path, { token: owner.token })).status).toBe(204);
    // Its table is dropped with it, which tells the other replica at once: no "retry later" meanwhile.
    expect(await query(owner.token, reader())).toBe(404);
  });
});
