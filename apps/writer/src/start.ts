import type { Bus } from '@quarry/bus';
import type { Catalog } from '@quarry/catalog';
import { DEFAULT_PLANS, type Plans } from '@quarry/control-plane';
import { createMetrics, type Logger, type ReadinessCheck, type Registry } from '@quarry/observability';
import type { Topics } from '@quarry/pipeline';
import type { Warehouse } from '@quarry/warehouse';
import { Deliverer, type DeliveryOptions } from './destinations/deliverer.ts';
import { Egress, type EgressOptions } from './destinations/egress/egress.ts';
import { Outbox } from './destinations/outbox.ts';
import type { InsertParts } from './insert-parts.ts';
import { createWriterMetrics } from './metrics.ts';
import { DEFAULT_PROJECT_REFRESH_MS, ProjectDirectory } from './projects.ts';
import { Quarantine, type QuarantineLimits } from './quarantine.ts';
import { type RunningWriter, startWriter } from './writer.ts';

export interface WriterDependencies {
  logger: Logger;
  bus: Bus;
  warehouse: Warehouse;
  /** Log projects' plans and destinations, and the delivery outbox. */
  catalog: Pick<Catalog, 'query' | 'ping'>;
  groupId: string;
  maxRows: number;
  retryMaxDelayMs: number;
  /** How a chunk's insert is split into parts that run at once (DEFAULT_INSERT_PARTS when absent). */
  insertParts?: InsertParts;
  topics?: Topics;
  /** Plan limits (log retention); the control API's defaults when absent. */
  plans?: Plans;
  /** How long a project's plan and destination are cached. */
  projectCacheMs?: number;
  delivery?: Partial<DeliveryOptions>;
  /** How long retrying may last before /readyz turns red (UNHEALTHY_AFTER_MS). */
  unhealthyAfterMs?: number;
  /** Opens destination URLs and webhook secrets sealed by the control API (DESTINATION_ENCRYPTION_KEY). */
  destinationKey: Buffer;
  /**
   * Where destinations may connect: public addresses, plus the operator's CIDRs. Without it, only
   * public addresses (loopback and private ranges refused) and the system's DNS.
   */
  egress?: EgressOptions;
  /** Bounds of each dataset's quarantine; DEFAULT_QUARANTINE_LIMITS when absent. */
  quarantine?: QuarantineLimits;
  /** Where the writer's metrics go; a registry of its own when absent. */
  registry?: Registry;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  concurrency: 32,
  maxAttempts: 10,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  batchMaxEvents: 500,
  timeoutMs: 10_000,
  pollMs: 500,
  keepFinishedMs: 24 * 60 * 60_000,
};

/**
 * A writer stuck retrying this long is reported unready: an outage (the warehouse refusing our
 * credentials, a full disk, the bus) is retried, never dead-lettered, and readiness says so.
 */
export const UNHEALTHY_AFTER_MS = 10_000;

export async function createWriter(deps: WriterDependencies): Promise<{
  writer: RunningWriter;
  registry: ReturnType<typeof createMetrics>['registry'];
  checks: Record<string, ReadinessCheck>;
}> {
  const registry = deps.registry ?? createMetrics('writer').registry;
  const metrics = createWriterMetrics(registry);
  const directory = new ProjectDirectory(
    deps.catalog,
    deps.plans ?? DEFAULT_PLANS,
    deps.projectCacheMs ?? DEFAULT_PROJECT_REFRESH_MS,
    deps.destinationKey,
  );
  const outbox = new Outbox(deps.catalog);
  const deliverer = new Deliverer({
    outbox,
    directory,
    logger: deps.logger.child({ component: 'log-delivery' }),
    metrics,
    options: { ...DEFAULT_DELIVERY, ...deps.delivery },
    egress: new Egress(deps.egress),
  });
  const consuming = await startWriter({
    ...deps,
    metrics,
    quarantine: new Quarantine(deps.catalog, deps.quarantine, (records) => metrics.quarantined.inc(records)),
    logs: { directory, outbox, onEnqueued: () => deliverer.wake() },
  });
  deliverer.start();
  const writer: RunningWriter = {
    ...consuming,
    async stop() {
      await consuming.stop();
      await deliverer.stop();
    },
  };
  const checks: Record<string, ReadinessCheck> = {
    bus: () => deps.bus.admin.ping(),
    warehouse: () => deps.warehouse.ping(),
    catalog: () => deps.catalog.ping(),
    consumer: async () => {
      const { failingSinceMs } = writer.health();
      if (failingSinceMs !== null && failingSinceMs > (deps.unhealthyAfterMs ?? UNHEALTHY_AFTER_MS)) {
        throw new Error(`retrying for ${Math.round(failingSinceMs / 1000)} s`);
      }
    },
  };
  return { writer, registry, checks };
}
