export { controlDocument, createControlApp } from './app.ts';
export { accessFromConfig, controlConfigSchema, trustedProxiesField } from './config.ts';
export type { AccessSettings, ControlServices } from './services.ts';
export {
  type ControlDependencies,
  createControlServices,
  type RunningControlApi,
  startControlApi,
} from './start.ts';
