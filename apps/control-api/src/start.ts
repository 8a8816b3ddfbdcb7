import type { ScryptParams } from '@quarry/auth';
import type { Catalog } from '@quarry/catalog';
import {
  CatalogWrites,
  catalogDb,
  createCatalogReads,
  createKeyring,
  DEFAULT_PLANS,
  DEFAULT_SESSION_POLICY,
  EXPORT_LIMITS,
  flushUsage,
  LastUseRecorder,
  MESSAGES,
  type Plans,
  QueryGate,
  type SessionPolicy,
  sealStoredDestinations,
  sweepEndedSessions,
  syncQuotaLimits,
} from '@quarry/control-plane';
import type { Counters } from '@quarry/counters';
import { createMetrics, type Logger } from '@quarry/observability';
import { NO_TRUSTED_PROXIES, type RunningServer, serveHttp } from '@quarry/server-kit';
import type { Warehouse } from '@quarry/warehouse';
import { createControlApp } from './app.ts';
import type { ConsoleOptions } from './console-assets.ts';
import type { AccessSettings, ControlServices } from './services.ts';

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
  /** The split server passes its configuration; absent fields take DEFAULT_ACCESS. */
  access?: Partial<AccessSettings>;
  /** Concurrent queries and log searches per project on this replica (QUERY_CONCURRENCY_PER_PROJECT). */
  queryConcurrencyPerProject?: number;
  /** How long `POST …/destination/test` waits for the writer's first attempt (default 10 s). */
  destinationTestWaitMs?: number;
  /** scrypt cost of new password hashes (default DEFAULT_SCRYPT_PARAMS); in-process tests pass cheaper. */
  passwordParams?: ScryptParams;
  /**
   * How long another process's catalog write (a token revoked there) can go unseen by this one's
   * cached reads (default CATALOG_READ_TTL_MS); tests of that bound pass a shorter one.
   */
  catalogReadTtlMs?: number;
}

/**
 * In-process composition (tests, the embedded runner on loopback): open sign-up, no proxy trusted.
 * The split server's defaults are stricter (SIGNUP_MODE=invite): see config.ts.
 */
export const DEFAULT_ACCESS: AccessSettings = {
  signupMode: 'open',
  trustedProxies: NO_TRUSTED_PROXIES,
  loginTokenTtlMs: 12 * 60 * 60 * 1000,
};
export const DEFAULT_QUERY_CONCURRENCY_PER_PROJECT = 4;

export interface RunningControlApi {
  services: ControlServices;
  server: RunningServer;
  stop(): Promise<void>;
}

const LAST_USE_FLUSH_MS = 30_000;
const DEFAULT_DESTINATION_TEST_WAIT_MS = 10_000;
/** Usage deltas move to the catalog this often; a lock keeps it to one control-api replica at a time. */
const USAGE_FLUSH_MS = 60_000;
/** Ended console sessions (expired, idle, signed out) are deleted this often, so the table stays live-sized. */
const SESSION_SWEEP_MS = 10 * 60_000;

/** Builds the control services from ready backends; the embedded runner and the CLI reuse it. */
export function createControlServices(deps: ControlDependencies): ControlServices {
  // Every write this process makes goes through `db`, so the cached reads it passes over are dropped.
  const writes = new CatalogWrites();
  const db = writes.watch(catalogDb(deps.catalog));
  return {
    db,
    reads: createCatalogReads(writes, deps.catalogReadTtlMs),
    warehouse: deps.warehouse,
    counters: deps.counters,
    keyring: createKeyring(db, deps.signingKeyEncryptionKey),
    plans: deps.plans ?? DEFAULT_PLANS,
    destinationKey: deps.destinationKey,
    passwordParams: deps.passwordParams,
    queryGate: new QueryGate(deps.queryConcurrencyPerProject ?? DEFAULT_QUERY_CONCURRENCY_PER_PROJECT),
    exportGate: new QueryGate(EXPORT_LIMITS.perProject, MESSAGES.tooManyExports),
    access: { ...DEFAULT_ACCESS, ...deps.access },
    logger: deps.logger,
    metrics: createMetrics('control-api'),
    lastUse: new LastUseRecorder(db),
    destinationTestWaitMs: deps.destinationTestWaitMs ?? DEFAULT_DESTINATION_TEST_WAIT_MS,
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

const QUOTA_SYNC_RETRY_MS = 5_000;

/** Migrates, syncs quota limits into the counters, and binds the API. */
export async function startControlApi(
  deps: ControlDependencies,
  listen: { port: number; host: string },
): Promise<RunningControlApi> {
  const services = createControlServices(deps);
  const sealed = await sealStoredDestinations(services.db, deps.destinationKey);
  if (sealed > 0) deps.logger.info({ projects: sealed }, 'sealed destinations saved before sealing');
  // Redis is not needed by every route, so an outage must not keep the API from starting: the copy
  // of the quota limits is retried until it lands.
  let syncRetry: NodeJS.Timeout | undefined;
  const syncLimits = async () => {
    try {
      deps.logger.info({ users: await syncQuotaLimits(services) }, 'quota limits synced to counters');
    } catch (error) {
      deps.logger.warn({ err: error }, 'quota limits not synced to counters; retrying in 5 s');
      syncRetry = setTimeout(() => void syncLimits(), QUOTA_SYNC_RETRY_MS);
      syncRetry.unref();
    }
  };
  await syncLimits();
  const flushLastUse = () =>
    services.lastUse
      .flush()
      .catch((error) => deps.logger.warn({ err: error }, 'token last-use flush failed'));
  const flushUsageNow = () =>
    flushUsage(services).catch((error) =>
      deps.logger.warn({ err: error }, 'usage flush failed; deltas stay for the next one'),
    );
  const sweepSessions = () =>
    sweepEndedSessions(services.db, services.sessions)
      .then((deleted) => deleted > 0 && deps.logger.info({ deleted }, 'ended console sessions deleted'))
      .catch((error) => deps.logger.warn({ err: error }, 'session sweep failed; the next one retries'));
  const timers = [
    setInterval(flushLastUse, LAST_USE_FLUSH_MS),
    setInterval(flushUsageNow, USAGE_FLUSH_MS),
    setInterval(sweepSessions, SESSION_SWEEP_MS),
  ];
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
      clearTimeout(syncRetry);
      await flushLastUse();
      await flushUsageNow();
    },
  };
}
