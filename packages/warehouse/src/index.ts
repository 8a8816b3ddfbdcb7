export {
  type ClusterTarget,
  clickhouseClusterField,
  clusterNeedsServer,
  clusterSettings,
  clusterTarget,
  sharedSettings,
  type WarehouseConfig,
  type WarehouseEnv,
  warehouseConfigFromEnv,
} from './config.ts';
export { WarehouseError } from './errors.ts';
export { quoteIdentifier } from './identifiers.ts';
export { type InsertRows, insertIsolatingRefused, isRowsFault, type RefusedRow } from './isolate-refused.ts';
export type { QueryParams } from './params.ts';
export {
  createWarehouse,
  type EncodedRows,
  type StreamFormat,
  type Warehouse,
  type WarehouseCommand,
  type WarehouseInsert,
  type WarehouseQuery,
  type WarehouseStream,
} from './warehouse.ts';
