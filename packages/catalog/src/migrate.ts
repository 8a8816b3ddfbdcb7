import type { CatalogDriver } from './driver.ts';
import { loadMigrations, type Migration } from './migrations.ts';

// Any constant works; it only has to be the same for every process migrating this database.
const migrationLockKey = 4_150_202_611;

export interface MigrationReport {
  /** Versions this call applied, in order; empty when the database was already current. */
  applied: string[];
}

/**
 * Applies each pending migration in its own transaction under a transaction-scoped advisory
 * lock, so processes migrating at once take turns and each version is applied exactly once.
 */
export async function applyMigrations(
  driver: CatalogDriver,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationReport> {
  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await driver.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const recorded = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      const previous = recorded.rows[0];
      if (previous !== undefined) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.version} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
        migration.version,
        migration.checksum,
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return { applied };
}
