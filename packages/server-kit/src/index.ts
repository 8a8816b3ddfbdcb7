export { createBaseApp } from './base-app.ts';
export { type BaseVariables, requestContext, requestIdFrom } from './context.ts';
export { handleError, handleNotFound, internalError } from './errors.ts';
export { registerHealthRoutes } from './health.ts';
export { type RunningServer, serveHttp } from './serve.ts';
