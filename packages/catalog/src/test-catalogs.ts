import { localStack, tempDir } from '@quarry/testkit';
import { afterAll, beforeAll } from 'vitest';
import { type Catalog, createCatalog } from './catalog.ts';
import type { CatalogConfig } from './driver.ts';

/** The PostgreSQL database created for this test run by the integration global setup. */
export const runDatabaseUrl = () => localStack().databaseUrl;

/** Every catalog suite runs on both backends: the run's PostgreSQL database and a fresh PGlite. */
export const catalogBackends: Array<{ title: string; config: () => Promise<CatalogConfig> }> = [
  { title: 'PostgreSQL', config: async () => ({ kind: 'postgres', url: runDatabaseUrl() }) },
  {
    title: 'PGlite',
    config: async () => ({ kind: 'embedded', dataDir: await tempDir('catalog') }),
  },
];

export const uniqueSuffix = () => Math.random().toString(36).slice(2, 10);

/** The SQLSTATE a statement failed with, e.g. 23505 for a unique violation. */
export const sqlErrorCode = (statement: Promise<unknown>) =>
  statement.then(
    () => 'no error',
    (error: { code?: string }) => error.code,
  );

export interface MigratedCatalog {
  catalog: Catalog;
  ownerId: number;
  createProject(): Promise<{ id: number; destination: unknown; created_at: unknown }>;
}

/** Opens and migrates a catalog for the enclosing describe, with one user to own projects. */
export function useMigratedCatalog(config: () => Promise<CatalogConfig>): MigratedCatalog {
  const context = { ownerId: 0 } as MigratedCatalog;
  beforeAll(async () => {
    context.catalog = await createCatalog(await config());
    await context.catalog.migrate();
    const owner = await context.catalog.query<{ id: number }>(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id',
      [`owner-${uniqueSuffix()}@example.com`, 'hash'],
    );
    context.ownerId = owner.rows[0]?.id ?? 0;
  });
  afterAll(async () => {
    await context.catalog?.close();
  });
  context.createProject = async () => {
    const { rows } = await context.catalog.query<{ id: number; destination: unknown; created_at: unknown }>(
      'INSERT INTO projects (slug, name, owner_user_id) VALUES ($1, $2, $3) RETURNING id, destination, created_at',
      [`p-${uniqueSuffix()}`, 'Project', context.ownerId],
    );
    const project = rows[0];
    if (project === undefined) throw new Error('project insert returned no row');
    return project;
  };
  return context;
}
