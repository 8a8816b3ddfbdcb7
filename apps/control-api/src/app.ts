import { CatalogUnavailableError } from '@quarry/catalog';
import { ApiError, errorBody } from '@quarry/contract';
import { createBaseApp } from '@quarry/server-kit';
import { bodyLimit } from 'hono/body-limit';
import { requireActor } from './auth.ts';
import { type ConsoleOptions, serveConsole } from './console-assets.ts';
import type { ControlEnv, ControlVariables } from './openapi.ts';
import { createRouter } from './openapi.ts';
import { registerLogin } from './routes/auth-login.ts';
import { registerAuthOptions } from './routes/auth-options.ts';
import { registerSession } from './routes/auth-session.ts';
import { registerSignup } from './routes/auth-signup.ts';
import { registerDatasetCopies } from './routes/datasets-copies.ts';
import { registerDatasetCreate } from './routes/datasets-create.ts';
import { registerDatasetDelete } from './routes/datasets-delete.ts';
import { registerDatasetDeletions } from './routes/datasets-deletions.ts';
import { registerDatasetExport } from './routes/datasets-export.ts';
import { registerDatasetGet } from './routes/datasets-get.ts';
import { registerDatasetList } from './routes/datasets-list.ts';
import { registerDatasetQuarantineChange } from './routes/datasets-quarantine-change.ts';
import { registerDatasetQuarantineList } from './routes/datasets-quarantine-list.ts';
import { registerDatasetQuery } from './routes/datasets-query.ts';
import { registerDatasetRetention } from './routes/datasets-retention.ts';
import { registerDatasetSchema } from './routes/datasets-schema.ts';
import { registerDatasetStats } from './routes/datasets-stats.ts';
import { registerDatasetVersions } from './routes/datasets-versions.ts';
import { registerDestination } from './routes/destination.ts';
import { registerDestinationDeliveries } from './routes/destination-deliveries.ts';
import { registerDestinationTest } from './routes/destination-test.ts';
import { DOCUMENT, registerDocs } from './routes/docs.ts';
import { registerKeys } from './routes/keys.ts';
import { registerLogContext } from './routes/logs-context.ts';
import { registerLogExport } from './routes/logs-export.ts';
import { registerLogFacets } from './routes/logs-facets.ts';
import { registerLogSearch } from './routes/logs-search.ts';
import { registerLogTail } from './routes/logs-tail.ts';
import { registerLogVolume } from './routes/logs-volume.ts';
import { registerMeEmail } from './routes/me-email.ts';
import { registerMeGet } from './routes/me-get.ts';
import { registerMePassword } from './routes/me-password.ts';
import { registerMeUpdate } from './routes/me-update.ts';
import { registerMembers } from './routes/members.ts';
import { registerProjects } from './routes/projects.ts';
import { registerProjectTransfer } from './routes/projects-transfer.ts';
import { registerProjectUsage } from './routes/projects-usage.ts';
import { registerTokens } from './routes/tokens.ts';
import type { ControlServices } from './services.ts';

const ROUTES = [
  registerSignup,
  registerLogin,
  registerSession,
  registerAuthOptions,
  registerMeGet,
  registerMeUpdate,
  registerMePassword,
  registerMeEmail,
  registerTokens,
  registerProjects,
  registerProjectUsage,
  registerProjectTransfer,
  registerMembers,
  registerDestination,
  registerDestinationDeliveries,
  registerDestinationTest,
  registerKeys,
  registerDatasetCreate,
  registerDatasetList,
  registerDatasetGet,
  registerDatasetSchema,
  registerDatasetVersions,
  registerDatasetRetention,
  registerDatasetDelete,
  registerDatasetDeletions,
  registerDatasetCopies,
  registerDatasetStats,
  registerDatasetQuery,
  registerDatasetQuarantineList,
  registerDatasetQuarantineChange,
  registerDatasetExport,
  registerLogSearch,
  registerLogVolume,
  registerLogFacets,
  registerLogContext,
  registerLogTail,
  registerLogExport,
  registerDocs,
];

/** Builds the control API from ready services; server.ts binds it, tests call `app.request()`. */
export function createControlApp(services: ControlServices, options: { console?: ConsoleOptions } = {}) {
  const app = createBaseApp<ControlVariables>({
    logger: services.logger,
    metrics: services.metrics,
    // Every route needs the catalog; only some need the warehouse (queries, schemas, log search) or
    // Redis (login, keys, quotas), and those answer 503 with Retry-After themselves. An unready pod
    // leaves the Service with every route, so only the catalog gates readiness.
    checks: { catalog: services.ping.catalog },
    informational: { warehouse: services.ping.warehouse, counters: services.ping.counters },
    mapError: catalogOutage,
  });
  const api = createRouter();
  api.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  // Control-plane bodies are small (a query, a schema, a name); a bound keeps one request from
  // holding megabytes of memory. Checked before authentication: reading the body is the cost.
  api.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_CONTROL_BODY_BYTES,
      onError: (c) => c.json(errorBody(413, CONTROL_BODY_TOO_LARGE), 413),
    }),
  );
  api.use('/api/*', requireActor);
  registerApiRoutes(api);
  app.route('/', api);
  if (options.console) serveConsole(app, options.console);
  return app;
}

/** Every API route; `controlDocument()` registers them without any backend to describe them. */
export function registerApiRoutes(api: ReturnType<typeof createRouter>): void {
  for (const register of ROUTES) register(api);
}

/** The document /openapi.json serves, without services: describing the routes needs none. */
export function controlDocument() {
  const api = createRouter();
  registerApiRoutes(api);
  return api.getOpenAPI31Document(DOCUMENT);
}

export const MAX_CONTROL_BODY_BYTES = 1024 * 1024;
export const CONTROL_BODY_TOO_LARGE = 'Request body too large (at most 1 MiB)';
export const CATALOG_UNAVAILABLE = 'Catalog unavailable; retry later';

// Every route reads the catalog: while PostgreSQL is unreachable the answer is "retry later", not a 500.
function catalogOutage(error: Error): Error {
  if (!(error instanceof CatalogUnavailableError)) return error;
  return new ApiError(503, CATALOG_UNAVAILABLE, { headers: { 'Retry-After': '5' }, cause: error });
}

export type { ControlEnv };
