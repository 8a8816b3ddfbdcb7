export { createBaseApp } from './base-app.ts';
export {
  clientAddress,
  NO_TRUSTED_PROXIES,
  parseTrustedProxies,
  resolveClientAddress,
  type TrustedProxies,
} from './client-address.ts';
export { type BaseVariables, requestContext, requestIdFrom } from './context.ts';
export { createErrorHandler, handleNotFound, internalError } from './errors.ts';
export { registerHealthRoutes } from './health.ts';
export { LogThrottle } from './log-throttle.ts';
export { type ListenOptions, type RunningServer, serveHttp } from './serve.ts';
