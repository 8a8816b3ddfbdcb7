import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { droppedLogLines } from './logger.ts';

export { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
}

/** A registry per service (not prom-client's global one) so the embedded process can host all three. */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'quarry_http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'quarry_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  let droppedReported = 0;
  new Counter({
    name: 'quarry_log_lines_dropped_total',
    help: 'Log lines dropped because standard output could not take them (the whole process: every service it hosts reports the same count)',
    registers: [registry],
    collect() {
      const dropped = droppedLogLines();
      this.inc(dropped - droppedReported);
      droppedReported = dropped;
    },
  });
  return { registry, httpRequests, httpDuration };
}
