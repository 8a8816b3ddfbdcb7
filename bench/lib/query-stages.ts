import type { Catalog } from '@quarry/catalog';
import type { Warehouse } from '@quarry/warehouse';
import type { SpanClock } from './span-clock.ts';

/** The stages of one API query the backends can see; the bench derives the rest. */
export type BackendStage = 'auth' | 'catalog' | 'engine';

/**
 * The catalog and warehouse as the control API gets them, timed on `clock`: the PAT lookup as
 * `auth`, any other catalog read as `catalog`, SELECTs on the engine as `engine`. Nothing else
 * changes, so the API runs its own code on the same backends.
 */
export function timedBackends(catalog: Catalog, warehouse: Warehouse, clock: SpanClock) {
  const stageOf = (sql: string): BackendStage =>
    sql.includes('personal_access_tokens') ? 'auth' : 'catalog';
  const timedCatalog: Catalog = {
    ...catalog,
    query: (sql, params) => clock.time(stageOf(sql), () => catalog.query(sql, params)),
  };
  const timedWarehouse: Warehouse = {
    ...warehouse,
    query: (query) => clock.time('engine', () => warehouse.query(query)),
    queryJsonRows: (query) => clock.time('engine', () => warehouse.queryJsonRows(query)),
  };
  return { catalog: timedCatalog, warehouse: timedWarehouse };
}
