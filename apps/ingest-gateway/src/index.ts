export { createGatewayApp, type GatewayEnv } from './app.ts';
export {
  DatasetPartitionKeys,
  DEFAULT_HOT_DATASETS,
  type HotDatasetSettings,
} from './datasets/partition-key.ts';
export { gatewayDocument } from './openapi.ts';
export type { GatewayLimits, GatewayServices } from './services.ts';
export { type GatewayDependencies, type RunningGateway, startGateway } from './start.ts';
