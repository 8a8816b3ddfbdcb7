import { type Catalog, createCatalog } from '@quarry/catalog';
import { type Counters, createCounters } from '@quarry/counters';
import { localStack, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapInstallation } from './bootstrap.ts';
import { type ControlPlaneDeps, catalogDb } from './deps.ts';
import { createKeyring } from './keyring.ts';
import { DEFAULT_PLANS } from './plans.ts';
import { setProjectQuota, syncQuotaLimits } from './quotas.ts';

describe('quota limits: dataset records per owner, logs per project', () => {
  let catalog: Catalog;
  let counters: Counters;
  let deps: ControlPlaneDeps;
  beforeAll(async () => {
    catalog = await createCatalog({ kind: 'postgres', url: localStack().databaseUrl });
    await catalog.migrate();
    counters = createCounters({ kind: 'redis', url: localStack().redisUrl });
    const db = catalogDb(catalog);
    const unused = async () => {
      throw new Error('bootstrap registers no schema');
    };
    deps = {
      db,
      counters,
      warehouse: { command: unused, query: unused, queryJsonRows: unused, insert: unused, stream: unused },
      keyring: createKeyring(db, testSigningKeyEncryptionKey()),
      destinationKey: testDestinationKey(),
      plans: DEFAULT_PLANS,
    };
  });
  afterAll(async () => {
    await counters?.close();
    await catalog?.close();
  });

  const bootstrap = async () => {
    const slug = `boot-${Math.random().toString(36).slice(2, 10)}`;
    await bootstrapInstallation(deps, { email: `${slug}@example.com`, projectSlug: slug });
    const [row] = await deps.db.query<{ id: string; owner: string; logs: string | number | null }>(
      'SELECT id, owner_user_id AS owner, logs_monthly_quota AS logs FROM projects WHERE slug = $1',
      [slug],
    );
    return { projectId: Number(row?.id), userId: Number(row?.owner), logs: row?.logs };
  };

  it("makes the bootstrap owner's dataset records and the bootstrap project's logs unlimited", async () => {
    const { projectId, userId, logs } = await bootstrap();
    expect(await counters.get(`quota_limit:datasets:${userId}`)).toBe('-1');
    expect(await counters.get(`quota_limit:logs:${projectId}`)).toBe('-1');
    expect(Number(logs)).toBe(-1);
  });

  it('keeps a project limit in the catalog, restores it into empty counters, and clears it', async () => {
    const { projectId } = await bootstrap();
    await setProjectQuota(deps, { projectId, limit: 2_500 });
    await counters.delete(`quota_limit:logs:${projectId}`); // e.g. a Redis that lost its data
    await syncQuotaLimits(deps);
    expect(await counters.get(`quota_limit:logs:${projectId}`)).toBe('2500');

    await setProjectQuota(deps, { projectId, limit: null });
    expect(await counters.get(`quota_limit:logs:${projectId}`)).toBeNull();
    await syncQuotaLimits(deps);
    expect(await counters.get(`quota_limit:logs:${projectId}`)).toBeNull();
  });
});
