import { startControlApi } from '@quarry/control-api';
import { startGateway } from '@quarry/ingest-gateway';
import { createLogger } from '@quarry/observability';
import { localStack, tempDir, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { gatewayConfigSchema } from '../../../apps/ingest-gateway/src/config.ts';
import { openSharedBackends } from '../../src/pipeline.ts';
import { prepareWarehouse } from './rows.ts';
import { createFuzzTenant, type FuzzTenant } from './tenant.ts';

export interface FuzzStack {
  gatewayUrl: string;
  controlUrl: string;
  tenant: FuzzTenant;
  /** The control API's warehouse (chDB), where the dataset tables and `logs` are. */
  warehouse: Warehouse;
  maxBodyBytes: number;
  maxBatchRecords: number;
  /** Server error lines logged for a request id (a 5xx answer names its id). */
  serverErrors(requestId: string | null): string[];
  close(): Promise<void>;
}

// Fuzzing sends thousands of log requests with one key: the limiter would turn valid events into 429s,
// and it is not what is under test here (logs/limits.int.test.ts covers it).
const UNLIMITED_RATE = { ratePerSecond: 1_000_000, burst: 1_000_000 };

/**
 * The gateway and the control API bound to loopback ports over the run's Kafka, Redis and PostgreSQL
 * and a chDB warehouse, with the gateway's production limits (4 MiB bodies, 10,000 records a batch).
 */
export async function openFuzzStack(): Promise<FuzzStack> {
  const stack = localStack();
  const production = gatewayConfigSchema.parse({
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    REDIS_URL: stack.redisUrl,
    DATABASE_URL: stack.databaseUrl,
  });
  const errors = new ErrorLines();
  const logger = (service: string) => createLogger({ service, level: 'error', destination: errors });
  const backends = await openSharedBackends();
  const warehouse: Warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('fuzz-wh') });
  const control = await startControlApi(
    {
      logger: logger('control-api'),
      catalog: backends.catalog,
      warehouse,
      counters: backends.counters,
      signingKeyEncryptionKey: testSigningKeyEncryptionKey(),
      destinationKey: testDestinationKey(),
    },
    { port: 0, host: '127.0.0.1' },
  );
  // Keys and datasets exist before the gateway loads its caches, as in a running installation.
  const tenant = await createFuzzTenant(control.services);
  await prepareWarehouse(warehouse, [tenant.orders, tenant.byDefault]);
  const limits = {
    maxBodyBytes: production.MAX_BODY_BYTES,
    maxBatchRecords: production.MAX_BATCH_RECORDS,
    maxInFlight: production.MAX_IN_FLIGHT,
  };
  const gateway = await startGateway(
    {
      logger: logger('ingest-gateway'),
      ...backends,
      limits,
      quotaDefaults: { datasetRecordsPerMonth: -1, logsPerMonth: -1 },
      refresh: {
        keyStatusMs: production.KEY_STATUS_REFRESH_MS,
        publicKeyMs: production.PUBLIC_KEY_REFRESH_MS,
        unknownDatasetTtlMs: production.UNKNOWN_DATASET_TTL_MS,
      },
      logRateLimit: UNLIMITED_RATE,
    },
    { port: 0, host: '127.0.0.1' },
  );
  return {
    gatewayUrl: gateway.server.url,
    controlUrl: control.server.url,
    tenant,
    warehouse,
    maxBodyBytes: limits.maxBodyBytes,
    maxBatchRecords: limits.maxBatchRecords,
    serverErrors: (requestId) => errors.about(requestId),
    async close() {
      await gateway.stop();
      await control.stop();
      await backends.bus.close();
      await backends.counters.close();
      await warehouse.close();
      await backends.catalog.close();
    },
  };
}

/** A pino destination keeping the last error lines, so a failing case can show what the server logged. */
class ErrorLines {
  private readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
    if (this.lines.length > 200) this.lines.shift();
  }

  about(requestId: string | null): string[] {
    return requestId ? this.lines.filter((line) => line.includes(requestId)) : [];
  }
}
