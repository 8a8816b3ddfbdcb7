import type { Bus } from '@quarry/bus';
import { createMetrics, type Logger, type ReadinessCheck } from '@quarry/observability';
import type { Topics } from '@quarry/pipeline';
import type { Warehouse } from '@quarry/warehouse';
import { createWriterMetrics } from './metrics.ts';
import { type RunningWriter, startWriter } from './writer.ts';

export interface WriterDependencies {
  logger: Logger;
  bus: Bus;
  warehouse: Warehouse;
  groupId: string;
  maxRows: number;
  retryMaxDelayMs: number;
  topics?: Topics;
}

/** A writer stuck retrying this long is reported unready (the warehouse or bus is failing). */
const UNHEALTHY_AFTER_MS = 60_000;

export async function createWriter(deps: WriterDependencies): Promise<{
  writer: RunningWriter;
  registry: ReturnType<typeof createMetrics>['registry'];
  checks: Record<string, ReadinessCheck>;
}> {
  const { registry } = createMetrics('writer');
  const writer = await startWriter({ ...deps, metrics: createWriterMetrics(registry) });
  const checks: Record<string, ReadinessCheck> = {
    bus: () => deps.bus.admin.ping(),
    warehouse: () => deps.warehouse.ping(),
    consumer: async () => {
      const { failingSinceMs } = writer.health();
      if (failingSinceMs !== null && failingSinceMs > UNHEALTHY_AFTER_MS) {
        throw new Error(`retrying for ${Math.round(failingSinceMs / 1000)} s`);
      }
    },
  };
  return { writer, registry, checks };
}
