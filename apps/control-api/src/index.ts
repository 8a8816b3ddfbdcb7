export { controlDocument, createControlApp } from './app.ts';
export { accessFromConfig, controlConfigSchema } from './config.ts';
export type { AccessSettings, ControlServices } from './services.ts';
export {
  type ControlDependencies,
  createControlServices,
  type RunningControlApi,
  startControlApi,
} from './start.ts';
