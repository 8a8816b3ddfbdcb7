export { createGatewayApp, type GatewayEnv } from './app.ts';
export type { GatewayServices } from './services.ts';
export { type GatewayDependencies, type RunningGateway, startGateway } from './start.ts';
export { gatewayDocument } from './openapi.ts';
export type { GatewayLimits } from './services.ts';
