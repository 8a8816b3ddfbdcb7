import type { Catalog } from '@quarry/catalog';
import {
  catalogDb,
  createKeyring,
  DEFAULT_PLANS,
  LastUseRecorder,
  type Plans,
  syncQuotaLimits,
} from '@quarry/control-plane';
import type { Counters } from '@quarry/counters';
import { createMetrics, type Logger } from '@quarry/observability';
import { type RunningServer, serveHttp } from '@quarry/server-kit';
import type { Warehouse } from '@quarry/warehouse';
import { createControlApp } from './app.ts';
import type { ControlServices } from './services.ts';

export interface ControlDependencies {
  logger: Logger;
  catalog: Catalog;
  warehouse: Warehouse;
  counters: Counters;
  signingKeyEncryptionKey: Buffer;
  plans?: Plans;
}

export interface RunningControlApi {
  services: ControlServices;
  server: RunningServer;
  stop(): Promise<void>;
}

const LAST_USE_FLUSH_MS = 30_000;

/** Builds the control services from ready backends; the embedded runner and the CLI reuse it. */
export function createControlServices(deps: ControlDependencies): ControlServices {
  const db = catalogDb(deps.catalog);
  return {
    db,
    warehouse: deps.warehouse,
    counters: deps.counters,
    keyring: createKeyring(db, deps.signingKeyEncryptionKey),
    plans: deps.plans ?? DEFAULT_PLANS,
    logger: deps.logger,
    metrics: createMetrics('control-api'),
    lastUse: new LastUseRecorder(db),
    ping: {
      catalog: () => deps.catalog.ping(),
      warehouse: () => deps.warehouse.ping(),
      counters: () => deps.counters.ping(),
    },
  };
}

/** Migrates, syncs quota limits into the counters, and binds the API. */
export async function startControlApi(
  deps: ControlDependencies,
  listen: { port: number; host: string },
): Promise<RunningControlApi> {
  const services = createControlServices(deps);
  const synced = await syncQuotaLimits(services);
  deps.logger.info({ users: synced }, 'quota limits synced to counters');
  const flushLastUse = () =>
    services.lastUse
      .flush()
      .catch((error) => deps.logger.warn({ err: error }, 'token last-use flush failed'));
  const timer = setInterval(flushLastUse, LAST_USE_FLUSH_MS);
  timer.unref();
  const server = await serveHttp(createControlApp(services).fetch, listen);
  return {
    services,
    server,
    async stop() {
      await server.close();
      clearInterval(timer);
      await flushLastUse();
    },
  };
}
