import { describe, expect, it } from 'vitest';
import { catalogBackends, sqlErrorCode, uniqueSuffix, useMigratedCatalog } from './test-catalogs.ts';

describe.each(catalogBackends)('initial migration on $title', ({ config }) => {
  const db = useMigratedCatalog(config);

  it('refuses an email already registered in another letter case', async () => {
    const email = `Case-${uniqueSuffix()}@Example.com`;
    await db.catalog.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, 'hash']);
    const duplicate = db.catalog.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [
      email.toLowerCase(),
      'h',
    ]);
    expect(await sqlErrorCode(duplicate)).toBe('23505');
  });

  it('keeps one default dataset per project and numbers datasets across the installation', async () => {
    const [first, second] = [await db.createProject(), await db.createProject()];
    const insertDataset = (projectId: number, slug: string, isDefault: boolean) =>
      db.catalog.query<{ id: number; status: string }>(
        'INSERT INTO datasets (project_id, name, slug, is_default) VALUES ($1, $2, $3, $4) RETURNING id, status',
        [projectId, slug, slug, isDefault],
      );
    const a = await insertDataset(first.id, 'default', true);
    const b = await insertDataset(second.id, 'default', true);
    expect(a.rows[0]?.status).toBe('pending_schema');
    expect(a.rows[0]?.id).not.toBe(b.rows[0]?.id);
    expect(await sqlErrorCode(insertDataset(first.id, 'another', true))).toBe('23505');
    expect(await sqlErrorCode(insertDataset(first.id, 'default', false))).toBe('23505');
  });

  it('refuses an active dataset without a schema', async () => {
    const project = await db.createProject();
    const insert = db.catalog.query(
      "INSERT INTO datasets (project_id, name, slug, status) VALUES ($1, 'x', 'x', 'active')",
      [project.id],
    );
    expect(await sqlErrorCode(insert)).toBe('23514');
  });
});
