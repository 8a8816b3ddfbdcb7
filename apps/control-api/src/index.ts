export { controlDocument, createControlApp } from './app.ts';
export type { ControlServices } from './services.ts';
export {
  type ControlDependencies,
  createControlServices,
  type RunningControlApi,
  startControlApi,
} from './start.ts';
