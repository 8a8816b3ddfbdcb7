export { sharedSettings, type WarehouseConfig, type WarehouseEnv, warehouseConfigFromEnv } from './config.ts';
export { WarehouseError } from './errors.ts';
export { quoteIdentifier } from './identifiers.ts';
export type { QueryParams } from './params.ts';
export {
  createWarehouse,
  type Warehouse,
  type WarehouseCommand,
  type WarehouseInsert,
  type WarehouseQuery,
} from './warehouse.ts';
