export { type Catalog, createCatalog } from './catalog.ts';
export type { CatalogConfig, SqlExecutor, SqlResult } from './driver.ts';
export type { MigrationReport } from './migrate.ts';
export { asCatalogUnavailable, CatalogUnavailableError } from './unavailable.ts';
