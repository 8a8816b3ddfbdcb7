import type { Catalog } from '@quarry/catalog';
import {
  catalogDb,
  createKeyring,
  DEFAULT_PLANS,
  DEFAULT_SESSION_POLICY,
  flushUsage,
  LastUseRecorder,
  type Plans,
  type SessionPolicy,
  sealStoredDestinations,
  syncQuotaLimits,
} from '@quarry/control-plane';
import type { Counters } from '@quarry/counters';
import { createMetrics, type Logger } from '@quarry/observability';
import { type RunningServer, serveHttp } from '@quarry/server-kit';
import type { Warehouse } from '@quarry/warehouse';
import { createControlApp } from './app.ts';
import type { ConsoleOptions } from './console-assets.ts';
import type { ControlServices } from './services.ts';

export interface ControlDependencies {
  logger: Logger;
  catalog: Catalog;
  warehouse: Warehouse;
  counters: Counters;
  signingKeyEncryptionKey: Buffer;
  /** Seals destination URLs and webhook secrets (DESTINATION_ENCRYPTION_KEY, shared with the writer). */
  destinationKey: Buffer;
  plans?: Plans;
  sessions?: SessionPolicy;
  /** Where users reach the console (e.g. https://quarry.example.com): trusted as an Origin, and HTTPS makes cookies Secure. */
  publicUrl?: string;
  /** The built web console to serve at `/`; without it `/` says how to build it. */
  console?: ConsoleOptions;
}

export interface RunningControlApi {
  services: ControlServices;
  server: RunningServer;
  stop(): Promise<void>;
}

const LAST_USE_FLUSH_MS = 30_000;
/** Usage deltas move to the catalog this often; a lock keeps it to one control-api replica at a time. */
const USAGE_FLUSH_MS = 60_000;

/** Builds the control services from ready backends; the embedded runner and the CLI reuse it. */
export function createControlServices(deps: ControlDependencies): ControlServices {
  const db = catalogDb(deps.catalog);
  return {
    db,
    warehouse: deps.warehouse,
    counters: deps.counters,
    keyring: createKeyring(db, deps.signingKeyEncryptionKey),
    plans: deps.plans ?? DEFAULT_PLANS,
    destinationKey: deps.destinationKey,
    logger: deps.logger,
    metrics: createMetrics('control-api'),
    lastUse: new LastUseRecorder(db),
    sessions: {
      ...(deps.sessions ?? DEFAULT_SESSION_POLICY),
      publicOrigins: deps.publicUrl ? [new URL(deps.publicUrl).origin] : [],
    },
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
  const sealed = await sealStoredDestinations(services.db, deps.destinationKey);
  if (sealed > 0) deps.logger.info({ projects: sealed }, 'sealed destinations saved before sealing');
  const synced = await syncQuotaLimits(services);
  deps.logger.info({ users: synced }, 'quota limits synced to counters');
  const flushLastUse = () =>
    services.lastUse
      .flush()
      .catch((error) => deps.logger.warn({ err: error }, 'token last-use flush failed'));
  const flushUsageNow = () =>
    flushUsage(services).catch((error) =>
      deps.logger.warn({ err: error }, 'usage flush failed; deltas stay for the next one'),
    );
  const timers = [setInterval(flushLastUse, LAST_USE_FLUSH_MS), setInterval(flushUsageNow, USAGE_FLUSH_MS)];
  for (const timer of timers) timer.unref();
  const server = await serveHttp(
    createControlApp(services, deps.console ? { console: deps.console } : {}).fetch,
    listen,
  );
  return {
    services,
    server,
    async stop() {
      await server.close();
      for (const timer of timers) clearInterval(timer);
      await flushLastUse();
      await flushUsageNow();
    },
  };
}
