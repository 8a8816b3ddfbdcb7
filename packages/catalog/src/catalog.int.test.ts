import { describe, expect, it } from 'vitest';
import { catalogBackends, useMigratedCatalog } from './test-catalogs.ts';

describe.each(catalogBackends)('catalog on $title', ({ config }) => {
  const db = useMigratedCatalog(config);

  it('answers a ping', async () => {
    await expect(db.catalog.ping()).resolves.toBeUndefined();
  });

  it('records the initial migration and applies nothing the second time', async () => {
    await expect(db.catalog.migrate()).resolves.toEqual({ applied: [] });
    const { rows } = await db.catalog.query('SELECT version FROM schema_migrations');
    expect(rows).toContainEqual({ version: '20261124T0430_initial' });
  });

  it('returns bigint ids as numbers, jsonb as objects and timestamps as Dates', async () => {
    const project = await db.createProject();
    expect(typeof project.id).toBe('number');
    expect(project.destination).toEqual({ type: 'logger' });
    expect(project.created_at).toBeInstanceOf(Date);
  });

  it('refuses a bigint beyond the safe integer range instead of rounding it', async () => {
    await expect(db.catalog.query('SELECT 9007199254740993::bigint AS n')).rejects.toThrow(/safe integers/);
  });

  it('commits a transaction that resolves and returns its value', async () => {
    const project = await db.createProject();
    const renamed = await db.catalog.transaction(async (tx) => {
      await tx.query('UPDATE projects SET name = $1 WHERE id = $2', ['Renamed', project.id]);
      return 'done';
    });
    expect(renamed).toBe('done');
    const { rows } = await db.catalog.query('SELECT name FROM projects WHERE id = $1', [project.id]);
    expect(rows).toEqual([{ name: 'Renamed' }]);
  });

  it('rolls back every statement of a transaction that throws', async () => {
    const project = await db.createProject();
    const failing = db.catalog.transaction(async (tx) => {
      await tx.query('UPDATE projects SET name = $1 WHERE id = $2', ['Lost', project.id]);
      await tx.query("INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'owner')", [
        project.id,
        db.ownerId,
      ]);
      throw new Error('abort');
    });
    await expect(failing).rejects.toThrow('abort');
    const { rows } = await db.catalog.query<{ name: string; members: number }>(
      'SELECT name, (SELECT count(*) FROM project_members WHERE project_id = $1) AS members FROM projects WHERE id = $1',
      [project.id],
    );
    expect(rows).toEqual([{ name: 'Project', members: 0 }]);
  });

  it('refuses catalog statements from inside a transaction instead of deadlocking', async () => {
    const nested = db.catalog.transaction(async () => db.catalog.query('SELECT 1'));
    await expect(nested).rejects.toThrow(/use the transaction's executor/);
  });

  it('loses no update when concurrent transactions increment the same row', async () => {
    await db.catalog.query(
      "INSERT INTO monthly_usage (user_id, bucket, period, count) VALUES ($1, 'logs', '2026-06', 0) ON CONFLICT DO NOTHING",
      [db.ownerId],
    );
    const increment = () =>
      db.catalog.transaction(async (tx) => {
        const key = [db.ownerId];
        const { rows } = await tx.query<{ count: number }>(
          "SELECT count FROM monthly_usage WHERE user_id = $1 AND bucket = 'logs' AND period = '2026-06' FOR UPDATE",
          key,
        );
        await tx.query(
          "UPDATE monthly_usage SET count = $2 WHERE user_id = $1 AND bucket = 'logs' AND period = '2026-06'",
          [...key, (rows[0]?.count ?? 0) + 1],
        );
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    const { rows } = await db.catalog.query(
      "SELECT count FROM monthly_usage WHERE user_id = $1 AND period = '2026-06'",
      [db.ownerId],
    );
    expect(rows).toEqual([{ count: 10 }]);
  });
});
