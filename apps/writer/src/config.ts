import { env, kafkaSecurityChecks, kafkaSecurityFields } from '@quarry/config';
import { plansJsonField } from '@quarry/control-plane';
import { clickhouseClusterField, clusterNeedsServer } from '@quarry/warehouse';
import { z } from 'zod';
import { allowedCidrsField, destinationKeyField } from './destinations/egress/config.ts';
import { DEFAULT_PROJECT_REFRESH_MS } from './projects.ts';

export const writerConfigSchema = z
  .object({
    HEALTH_PORT: env.port(8082),
    HOST: env.host(),
    LOG_LEVEL: env.logLevel(),
    KAFKA_BROKERS: env.brokers(),
    KAFKA_CLIENT_ID: z.string().default('quarry-writer'),
    ...kafkaSecurityFields,
    KAFKA_TOPIC_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .default('quarry'),
    CONSUMER_GROUP: z.string().min(1).default('quarry-writer'),
    /** A ClickHouse server; or, for a single-process setup and tests, WAREHOUSE_DATA_DIR (chDB). */
    CLICKHOUSE_URL: env.url(['http', 'https']).optional(),
    WAREHOUSE_DATA_DIR: z.string().min(1).optional(),
    CLICKHOUSE_USER: z.string().optional(),
    CLICKHOUSE_PASSWORD: z.string().optional(),
    CLICKHOUSE_DATABASE: z.string().optional(),
    /** Cluster mode: tables created ON CLUSTER, replicated and sharded (docs/operations.md). */
    CLICKHOUSE_CLUSTER: clickhouseClusterField,
    /** The catalog: each log project's plan (retention) and destination, and the delivery outbox. */
    DATABASE_URL: env.url(['postgres', 'postgresql']),
    /** Optional JSON overriding plan limits, as for the control API; the writer reads logRetentionDays. */
    PLANS_JSON: plansJsonField(),
    /** How long a project's plan and destination are cached: a change reaches the writer within it. */
    PROJECT_REFRESH_MS: env.positiveInt(DEFAULT_PROJECT_REFRESH_MS),
    /** Most rows in one insert; a larger fetched batch is inserted in several, in offset order. */
    BATCH_MAX_ROWS: env.positiveInt(50_000),
    /**
     * Most parts one chunk is split into, inserted at once (the engine inserts one on one core). A
     * writer of an older version repeats a chunk in parts whole: roll out to such a group with 1.
     */
    INSERT_PARTS: env.positiveInt(2),
    /** Fewest rows in a part: a smaller insert is not split. */
    INSERT_PART_MIN_ROWS: env.positiveInt(10_000),
    /** The broker holds a fetch until this many bytes are ready or BATCH_MAX_WAIT_MS passed. */
    BATCH_MIN_BYTES: env.positiveInt(1024 * 1024),
    BATCH_MAX_BYTES: env.positiveInt(32 * 1024 * 1024),
    BATCH_MAX_WAIT_MS: env.positiveInt(500),
    RETRY_MAX_DELAY_MS: env.positiveInt(30_000),
    KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30_000),
    SHUTDOWN_TIMEOUT_MS: env.positiveInt(25_000),
    /** Projects delivered to at once by one writer (a slow destination holds only its own lane). */
    DELIVERY_CONCURRENCY: env.positiveInt(32),
    /** Failed attempts after which a delivery is dead-lettered (kept in log_deliveries as `dead`). */
    DELIVERY_MAX_ATTEMPTS: env.positiveInt(10),
    DELIVERY_BACKOFF_BASE_MS: env.positiveInt(1_000),
    DELIVERY_BACKOFF_MAX_MS: env.positiveInt(300_000),
    /** Most events in one webhook POST or one direct database insert. */
    DELIVERY_BATCH_MAX_EVENTS: env.positiveInt(500),
    DELIVERY_TIMEOUT_MS: env.positiveInt(10_000),
    DELIVERY_POLL_MS: env.positiveInt(500),
    /** Refused records kept per dataset; past it a refused record goes to the dead-letter topic. */
    QUARANTINE_MAX_RECORDS: env.positiveInt(10_000),
    /** Days a quarantined record is kept before it is removed unreplayed. */
    QUARANTINE_RETENTION_DAYS: env.positiveInt(30),
    /** Non-public ranges destinations may reach (loopback, private, …): refused unless listed. */
    DESTINATION_ALLOWED_CIDRS: allowedCidrsField(),
    /** Opens destination URLs and webhook secrets sealed by the control API. */
    DESTINATION_ENCRYPTION_KEY: destinationKeyField(),
  })
  .refine((config) => Boolean(config.CLICKHOUSE_URL) !== Boolean(config.WAREHOUSE_DATA_DIR), {
    message: 'set exactly one of CLICKHOUSE_URL and WAREHOUSE_DATA_DIR',
    path: ['CLICKHOUSE_URL'],
  })
  .refine(clusterNeedsServer, {
    message: 'CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL: the embedded engine is one process',
    path: ['CLICKHOUSE_CLUSTER'],
  })
  .superRefine(kafkaSecurityChecks);

export type WriterConfig = z.infer<typeof writerConfigSchema>;
