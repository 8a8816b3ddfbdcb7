import { AsyncLocalStorage } from 'node:async_hooks';
import type { CatalogConfig, CatalogDriver, SqlExecutor } from './driver.ts';
import { applyMigrations, type MigrationReport } from './migrate.ts';
import { createPostgresDriver } from './postgres-driver.ts';

export interface Catalog extends SqlExecutor {
  readonly kind: CatalogConfig['kind'];
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Use `tx` inside; the catalog itself refuses statements from inside `fn`, because on PGlite
   * they would wait for the transaction forever and on PostgreSQL they would run outside it.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Applies the pending migrations from packages/catalog/migrations. */
  migrate(): Promise<MigrationReport>;
  /** Resolves when the database answers a statement; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function createCatalog(config: CatalogConfig): Promise<Catalog> {
  // PGlite is loaded only for the embedded catalog. It is an optional peer here (and a devDependency,
  // for tests), a dependency of apps/embedded alone: production installs of the services leave it out.
  const driver =
    config.kind === 'postgres'
      ? createPostgresDriver(config.url)
      : await (await import('./pglite-driver.ts')).createPgliteDriver(config.dataDir);
  return catalogOn(driver);
}

function catalogOn(driver: CatalogDriver): Catalog {
  const insideTransaction = new AsyncLocalStorage<true>();
  const refuseInsideTransaction = (what: string) => {
    if (insideTransaction.getStore()) {
      throw new Error(`${what} was called inside a transaction; use the transaction's executor (tx) instead`);
    }
  };

  return {
    kind: driver.kind,
    async query(sql, params) {
      refuseInsideTransaction('catalog.query');
      return driver.query(sql, params);
    },
    async transaction(fn) {
      refuseInsideTransaction('catalog.transaction');
      return driver.transaction((tx) => insideTransaction.run(true, () => fn({ query: tx.query })));
    },
    async migrate() {
      refuseInsideTransaction('catalog.migrate');
      return applyMigrations(driver);
    },
    async ping() {
      refuseInsideTransaction('catalog.ping');
      await driver.query('SELECT 1');
    },
    close: () => driver.close(),
  };
}
