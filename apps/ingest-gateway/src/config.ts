import { env, kafkaSecurityChecks, kafkaSecurityFields } from '@quarry/config';
import { z } from 'zod';
import { DEFAULT_MAX_IN_FLIGHT_BYTES } from './admission.ts';
import { DEFAULT_HOT_DATASETS } from './datasets/partition-key.ts';
import { DEFAULT_IDEMPOTENCY, DEFAULT_LOG_RATE_LIMIT } from './services.ts';

export const gatewayConfigSchema = z
  .object({
    PORT: env.port(8081),
    HOST: env.host(),
    /**
     * SO_REUSEPORT: several gateway processes on one host bind PORT and the kernel spreads new
     * connections among them (bench/scale.bench.ts). Off: one pod, one process, one listener.
     */
    HTTP_REUSE_PORT: env.boolean(false),
    LOG_LEVEL: env.logLevel(),
    KAFKA_BROKERS: env.brokers(),
    KAFKA_CLIENT_ID: z.string().default('quarry-ingest-gateway'),
    ...kafkaSecurityFields,
    /** Topic names are `<namespace>.datasets.v1` etc., so installations can share a cluster. */
    KAFKA_TOPIC_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .default('quarry'),
    REDIS_URL: env.url(['redis', 'rediss']),
    /** Read access is enough: datasets, public signing keys and key statuses. */
    DATABASE_URL: env.url(['postgres', 'postgresql']),
    /** A body over this answers 413 before any other check. */
    MAX_BODY_BYTES: env.positiveInt(4 * 1024 * 1024),
    MAX_BATCH_RECORDS: env.positiveInt(10_000),
    /** Distinct months one dataset request may span (each is a warehouse partition); past it 400. */
    MAX_MONTHS_PER_REQUEST: env.positiveInt(12),
    /** Requests admitted at once (checked before the body is read); past it, 503 with Retry-After. */
    MAX_IN_FLIGHT: env.positiveInt(2_000),
    /** Body bytes admitted at once (Content-Length, or MAX_BODY_BYTES for a chunked body); past it, 503. */
    MAX_IN_FLIGHT_BYTES: env.positiveInt(DEFAULT_MAX_IN_FLIGHT_BYTES),
    KEY_STATUS_REFRESH_MS: env.positiveInt(2_000),
    PUBLIC_KEY_REFRESH_MS: env.positiveInt(30_000),
    // Short: a registration whose push was lost must start working within a fraction of a second.
    UNKNOWN_DATASET_TTL_MS: env.positiveInt(250),
    /** A known dataset is re-read in the background this often: a lost push's version or deletion bound. */
    DATASET_REFRESH_MS: env.positiveInt(10_000),
    /** How stale a project's owner (whose monthly record quota is charged) may be after a transfer. */
    PROJECT_OWNER_REFRESH_MS: env.positiveInt(30_000),
    /** Plan default when `quota_limit:datasets:<owner>` is absent; -1 means unlimited. */
    DEFAULT_DATASET_RECORDS_QUOTA: z.coerce.number().int().min(-1).default(1_000_000),
    /** Plan default when `quota_limit:logs:<projectId>` is absent; -1 means unlimited. */
    DEFAULT_LOGS_QUOTA: z.coerce.number().int().min(-1).default(10_000),
    /** Log requests per second per ingest key (GCRA; fractions allowed), after a burst of LOG_RATE_BURST. */
    LOG_RATE_PER_SECOND: z.coerce.number().positive().default(DEFAULT_LOG_RATE_LIMIT.ratePerSecond),
    LOG_RATE_BURST: env.positiveInt(DEFAULT_LOG_RATE_LIMIT.burst),
    /**
     * A Redis for Idempotency-Key records only (REDIS_URL when unset), e.g. with an evicting
     * maxmemory-policy: when full it drops the oldest records instead of refusing quota writes.
     */
    IDEMPOTENCY_REDIS_URL: env.url(['redis', 'rediss']).optional(),
    /** How long a 202 is replayed for the same Idempotency-Key; memory is about 0.4 KB per record. */
    IDEMPOTENCY_TTL_SECONDS: env.positiveInt(DEFAULT_IDEMPOTENCY.ttlSeconds),
    /** How long a retry with the same Idempotency-Key waits for the first request still running. */
    IDEMPOTENCY_WAIT_MS: env.positiveInt(DEFAULT_IDEMPOTENCY.waitMs),
    /** Records/s one dataset may send through this replica before its messages spread (docs/pipeline.md). */
    HOT_DATASET_RECORDS_PER_SECOND: env.positiveInt(DEFAULT_HOT_DATASETS.recordsPerSecond),
    /** Records one dataset may send at once before HOT_DATASET_RECORDS_PER_SECOND applies. */
    HOT_DATASET_BURST_RECORDS: env.positiveInt(DEFAULT_HOT_DATASETS.burstRecords),
    /** Keys (so at most this many partitions) a hot dataset's messages spread over; 1 turns it off. */
    HOT_DATASET_PARTITION_KEYS: z.coerce.number().int().min(1).max(256).default(DEFAULT_HOT_DATASETS.keys),
    /** How long a dataset stays hot after its last request over the rate. */
    HOT_DATASET_HOLD_MS: env.positiveInt(DEFAULT_HOT_DATASETS.holdMs),
    /** Datasets whose rate is tracked at once (least recently seen forgotten past it). */
    HOT_DATASET_TRACKED_MAX: env.positiveInt(DEFAULT_HOT_DATASETS.maxTracked),
    /** Dataset ids (comma-separated) that always spread, whatever their rate. */
    HOT_DATASETS_FORCED: z
      .string()
      .regex(/^(\s*\d+\s*(,\s*\d+\s*)*)?$/, 'comma-separated dataset ids')
      .default('')
      .transform(
        (text) =>
          new Set(
            text
              .split(',')
              .filter((id) => id.trim() !== '')
              .map(Number),
          ),
      ),
    SHUTDOWN_TIMEOUT_MS: env.positiveInt(25_000),
  })
  .superRefine(kafkaSecurityChecks);

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
