import { checkReadiness, type ReadinessCheck, type Registry } from '@quarry/observability';
import type { Hono } from 'hono';
import type { BaseVariables } from './context.ts';

/** GET /healthz (alive), /readyz (every required dependency answers) and /metrics (Prometheus text). */
export function registerHealthRoutes(
  app: Hono<{ Variables: BaseVariables }>,
  options: {
    registry: Registry;
    checks: Record<string, ReadinessCheck>;
    informational?: Record<string, ReadinessCheck> | undefined;
  },
): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const report = await checkReadiness(options.checks, { informational: options.informational });
    return c.json(report, report.ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('content-type', options.registry.contentType);
    return c.body(await options.registry.metrics());
  });
}
