import { type Catalog, createCatalog } from '@quarry/catalog';
import { quotaKeys } from '@quarry/contract';
import { type Counters, createCounters } from '@quarry/counters';
import { localStack } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signup } from './accounts.ts';
import { type ControlPlaneDeps, catalogDb, type Db } from './deps.ts';
import { createProject } from './projects.ts';
import { flushUsage, USAGE_FLUSH_LOCK } from './usage.ts';

// Other suites share the run's Redis database and count the current month: these tests use periods in
// 2001-2003 and flush only those, so neither side sees the other's keys.
const MATCH = 'usage_delta:*:*:200?-*';

describe('flushUsage on Redis and PostgreSQL', () => {
  let catalog: Catalog;
  let db: Db;
  let counters: Counters;
  let gateways: Counters[];
  beforeAll(async () => {
    catalog = await createCatalog({ kind: 'postgres', url: localStack().databaseUrl });
    await catalog.migrate();
    db = catalogDb(catalog);
    counters = createCounters({ kind: 'redis', url: localStack().redisUrl });
    gateways = Array.from({ length: 4 }, () => createCounters({ kind: 'redis', url: localStack().redisUrl }));
  });
  afterAll(async () => {
    await Promise.all([counters, ...(gateways ?? [])].map((each) => each?.close()));
    await catalog?.close();
  });

  const newUser = async () =>
    (
      await signup(
        { db },
        { email: `usage-${Math.random().toString(36).slice(2)}@example.com`, password: 'password123' },
      )
    ).id;
  const keysOf = (bucket: 'datasets' | 'logs', userId: number, period: string) => ({
    limitKey: quotaKeys.limit(bucket, userId),
    totalKey: quotaKeys.total(bucket, userId, period),
    deltaKey: quotaKeys.delta(bucket, userId, period),
  });
  const accept = (keys: ReturnType<typeof keysOf>, amount: number, via = counters) =>
    via.reserveQuota({ ...keys, amount, defaultLimit: -1 });
  /** A project of a new user: logs are counted per project. */
  const newProject = async () => {
    const owner = await newUser();
    const slug = `usage-${Math.random().toString(36).slice(2, 10)}`;
    // createProject only touches the catalog.
    const deps = { db } as unknown as ControlPlaneDeps;
    return (await createProject({ deps, actor: { userId: owner } }, { slug })).id;
  };
  // Dataset usage is per owner (monthly_usage), logs usage per project (project_monthly_usage).
  const durable = async (id: number, bucket: 'datasets' | 'logs', period: string) => {
    const [row] = await db.query<{ count: string }>(
      bucket === 'datasets'
        ? 'SELECT count FROM monthly_usage WHERE user_id = $1 AND bucket = $2 AND period = $3'
        : 'SELECT count FROM project_monthly_usage WHERE project_id = $1 AND bucket = $2 AND period = $3',
      [id, bucket, period],
    );
    return row ? Number(row.count) : null;
  };

  it('adds each delta to the monthly usage row and zeroes it, leaving usage_total alone', async () => {
    const [ana, bob, project] = [await newUser(), await newUser(), await newProject()];
    const anaDatasets = keysOf('datasets', ana, '2001-01');
    await accept(anaDatasets, 5);
    await accept(anaDatasets, 5);
    await accept(keysOf('logs', project, '2001-01'), 3);
    await accept(keysOf('datasets', bob, '2001-02'), 7);

    const report = await flushUsage({ db, counters }, { match: MATCH });
    expect(report.ran).toBe(true);
    expect(report.failed).toEqual([]);
    expect(report.flushed).toEqual(
      expect.arrayContaining([
        { key: `usage_delta:datasets:${ana}:2001-01`, amount: 10 },
        { key: `usage_delta:logs:${project}:2001-01`, amount: 3 },
        { key: `usage_delta:datasets:${bob}:2001-02`, amount: 7 },
      ]),
    );
    expect(await durable(ana, 'datasets', '2001-01')).toBe(10);
    expect(await durable(project, 'logs', '2001-01')).toBe(3);
    expect(await durable(bob, 'datasets', '2001-02')).toBe(7);
    expect(await counters.get(anaDatasets.deltaKey)).toBe('0');
    expect(await counters.get(anaDatasets.totalKey)).toBe('10');

    await accept(anaDatasets, 4);
    const again = await flushUsage({ db, counters }, { match: MATCH });
    expect(again.flushed).toEqual([{ key: anaDatasets.deltaKey, amount: 4 }]);
    expect(await durable(ana, 'datasets', '2001-01')).toBe(14);
    expect((await flushUsage({ db, counters }, { match: MATCH })).flushed).toEqual([]);
  });

  it('loses and double-counts nothing while gateways keep counting during flushes', async () => {
    const user = await newUser();
    const keys = keysOf('datasets', user, '2002-03');
    let accepted = 0;
    let done = false;
    const counting = (async () => {
      for (let round = 0; round < 100; round++) {
        const amounts = gateways.map((_, i) => 1 + ((round + i) % 3));
        await Promise.all(gateways.map((gateway, i) => accept(keys, amounts[i] ?? 1, gateway)));
        accepted += amounts.reduce((sum, amount) => sum + amount, 0);
      }
      done = true;
    })();
    let flushes = 0;
    while (!done) {
      await flushUsage({ db, counters }, { match: MATCH });
      flushes++;
    }
    await counting;
    await flushUsage({ db, counters }, { match: MATCH });

    expect(flushes).toBeGreaterThan(3);
    expect(await durable(user, 'datasets', '2002-03')).toBe(accepted);
    expect(Number(await counters.get(keys.totalKey))).toBe(accepted);
    expect(await counters.get(keys.deltaKey)).toBe('0');
  });

  it('runs one flusher at a time and leaves a lock it does not hold', async () => {
    const project = await newProject();
    const keys = keysOf('logs', project, '2003-04');
    await accept(keys, 6);

    const [first, second] = await Promise.all([
      flushUsage({ db, counters }, { match: MATCH }),
      flushUsage({ db, counters }, { match: MATCH }),
    ]);
    expect([first.ran, second.ran].sort()).toEqual([false, true]);
    expect(await durable(project, 'logs', '2003-04')).toBe(6);
    expect(await counters.get(USAGE_FLUSH_LOCK)).toBeNull();

    await accept(keys, 2);
    await counters.set(USAGE_FLUSH_LOCK, 'another-flusher', 30);
    try {
      expect(await flushUsage({ db, counters }, { match: MATCH })).toMatchObject({ ran: false, flushed: [] });
      expect(await counters.get(USAGE_FLUSH_LOCK)).toBe('another-flusher');
      expect(await counters.get(keys.deltaKey)).toBe('2');
    } finally {
      await counters.delete(USAGE_FLUSH_LOCK);
    }
  });

  it('keeps the delta when the durable write fails', async () => {
    const user = await newUser();
    const keys = keysOf('datasets', user, '2003-05');
    await accept(keys, 9);
    const unreachable = await createCatalog({ kind: 'postgres', url: localStack().databaseUrl });
    await unreachable.close();

    const report = await flushUsage({ db: catalogDb(unreachable), counters }, { match: MATCH });
    expect(report.failed.map((failure) => failure.key)).toContain(keys.deltaKey);
    expect(await counters.get(keys.deltaKey)).toBe('9');
    expect(await durable(user, 'datasets', '2003-05')).toBeNull();

    await flushUsage({ db, counters }, { match: MATCH });
    expect(await durable(user, 'datasets', '2003-05')).toBe(9);
  });

  it("drops a deleted account's or project's delta and leaves keys that are not usage keys alone", async () => {
    const gone = keysOf('datasets', 999_999_999, '2003-06');
    const goneProject = keysOf('logs', 999_999_999, '2003-06');
    await accept(gone, 3);
    await accept(goneProject, 2);
    await counters.set('usage_delta:other:1:2003-06', '5');
    try {
      const report = await flushUsage({ db, counters }, { match: MATCH });
      expect(report.failed).toEqual([]);
      expect(report.skipped).toContain('usage_delta:other:1:2003-06');
      expect(await counters.get(gone.deltaKey)).toBe('0');
      expect(await counters.get(goneProject.deltaKey)).toBe('0');
      expect(await counters.get('usage_delta:other:1:2003-06')).toBe('5');
    } finally {
      await counters.delete('usage_delta:other:1:2003-06');
    }
  });
});
