import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from './catalog.ts';
import { loadMigrations } from './migrations.ts';
import { runDatabaseUrl } from './test-catalogs.ts';

// A database of its own: the run's shared database may already have been migrated by other suites.
const databaseName = `quarry_migrate_${process.pid}_${Date.now().toString(36)}`;
let admin: pg.Client;
let databaseUrl: string;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: runDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(runDatabaseUrl());
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
});
afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin?.end();
});

describe('migrate on PostgreSQL', () => {
  it('applies each migration once when several processes migrate at the same time', async () => {
    const catalogs = await Promise.all(
      Array.from({ length: 4 }, () => createCatalog({ kind: 'postgres', url: databaseUrl })),
    );
    try {
      const reports = await Promise.all(catalogs.map((catalog) => catalog.migrate()));
      const applied = reports.flatMap((report) => report.applied);
      const versions = loadMigrations().map((migration) => migration.version);
      expect(applied.sort()).toEqual(versions);
      const { rows } = (await catalogs[0]?.query(
        'SELECT version FROM schema_migrations ORDER BY version',
      )) ?? {
        rows: [],
      };
      expect(rows).toEqual(versions.map((version) => ({ version })));
    } finally {
      await Promise.all(catalogs.map((catalog) => catalog.close()));
    }
  });
});
