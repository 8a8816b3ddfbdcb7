import type { Logger, ReadinessCheck, ServiceMetrics } from '@quarry/observability';
import { Hono } from 'hono';
import { type BaseVariables, requestContext } from './context.ts';
import { createErrorHandler, handleNotFound } from './errors.ts';
import { registerHealthRoutes } from './health.ts';

/**
 * The scaffold every Quarry HTTP app starts from: request context, the one error envelope,
 * 404s as JSON, and the health routes. Apps add their routes to what this returns.
 */
export function createBaseApp<V extends BaseVariables>(options: {
  logger: Logger;
  metrics: ServiceMetrics;
  checks: Record<string, ReadinessCheck>;
  /** Checks reported by /readyz without gating it (routes that need them answer 503 themselves). */
  informational?: Record<string, ReadinessCheck>;
  /** Turns a dependency's own failure into an ApiError (a catalog outage into a 503); others pass as they are. */
  mapError?: (error: Error) => Error;
}): Hono<{ Variables: V }> {
  const app = new Hono<{ Variables: V }>();
  const base = app as unknown as Hono<{ Variables: BaseVariables }>;
  base.use('*', requestContext(options));
  const { mapError } = options;
  const handleError = createErrorHandler();
  base.onError(mapError ? (error, c) => handleError(mapError(error), c) : handleError);
  base.notFound(handleNotFound);
  registerHealthRoutes(base, {
    registry: options.metrics.registry,
    checks: options.checks,
    informational: options.informational,
  });
  return app;
}
