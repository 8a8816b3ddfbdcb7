import { CatalogUnavailableError } from '@quarry/catalog';
import { ApiError } from '@quarry/contract';
import { type BaseVariables, createBaseApp } from '@quarry/server-kit';
import { admission, DEFAULT_MAX_IN_FLIGHT_BYTES } from './admission.ts';
import { declaredBodyLimit } from './body-limit.ts';
import { contentEncoding } from './content-encoding.ts';
import { gatewayDocument } from './openapi.ts';
import { otlpRefusals } from './otlp/media.ts';
import { registerDatasetIngest } from './routes/datasets.ts';
import { registerLogIngest } from './routes/logs.ts';
import { registerOtlpLogIngest } from './routes/otlp-logs.ts';
import type { GatewayServices } from './services.ts';

export interface GatewayVariables extends BaseVariables {
  services: GatewayServices;
}

export type GatewayEnv = { Variables: GatewayVariables };

/** Builds the data-plane app from ready services; server.ts binds it, tests call `app.request()`. */
export function createGatewayApp(services: GatewayServices) {
  const app = createBaseApp<GatewayVariables>({
    logger: services.logger,
    metrics: services.metrics,
    checks: services.checks,
    mapError: catalogOutage,
  });
  const maxSize = services.limits.maxBodyBytes;
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  // Admission first, before anything reads the body (the body limit buffers a chunked one): memory
  // is bounded by what was admitted. Then oversized bodies are refused while streaming.
  const limit = declaredBodyLimit(maxSize);
  const admit = admission(
    {
      maxRequests: services.limits.maxInFlight,
      maxBytes: services.limits.maxInFlightBytes ?? DEFAULT_MAX_IN_FLIGHT_BYTES,
      maxBodyBytes: maxSize,
    },
    services.ingestMetrics.admitted,
  );
  // Around admission and the body limit, so their refusals are re-encoded too.
  app.use('/otlp/*', otlpRefusals);
  // A gzip body is inflated after the limit bounded its compressed bytes, under the same bound.
  const inflate = contentEncoding(maxSize);
  for (const path of INGEST_PATHS) app.use(path, admit, limit, inflate);
  registerDatasetIngest(app);
  registerLogIngest(app);
  registerOtlpLogIngest(app);
  const document = gatewayDocument(services.limits);
  app.get('/openapi.json', (c) => c.json(document));
  return app;
}

// `/datasets/*` matches `/datasets` too: listing both would admit (and count) that path twice.
const INGEST_PATHS = ['/datasets/*', '/v1/*', '/otlp/*'];

export const CATALOG_UNAVAILABLE = 'Catalog unavailable; retry later';

// Known datasets and keys are served from caches; a dataset or signing key not seen before needs the
// catalog, and while it is unreachable the client should retry, not read a 500 as its own fault.
function catalogOutage(error: Error): Error {
  if (!(error instanceof CatalogUnavailableError)) return error;
  return new ApiError(503, CATALOG_UNAVAILABLE, { headers: { 'Retry-After': '5' }, cause: error });
}
