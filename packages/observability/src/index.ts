export { exitOnUncaught, fatalHandler } from './fatal.ts';
export { type HealthServer, startHealthServer } from './health-server.ts';
export { createLogger, type Logger, type LoggerOptions, lazyChild } from './logger.ts';
export { Counter, createMetrics, Gauge, Histogram, type Registry, type ServiceMetrics } from './metrics.ts';
export { checkReadiness, type ReadinessCheck, type ReadinessReport } from './readiness.ts';
export { scrubText, serializeError } from './scrub.ts';
export {
  createShutdown,
  type GracefulShutdownOptions,
  onTerminationSignals,
  type ShutdownStep,
} from './shutdown.ts';
