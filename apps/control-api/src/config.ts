import { env } from '@quarry/config';
import { z } from 'zod';

export const controlConfigSchema = z
  .object({
    PORT: env.port(8080),
    HOST: env.host(),
    LOG_LEVEL: env.logLevel(),
    DATABASE_URL: env.url(['postgres', 'postgresql']),
    REDIS_URL: env.url(['redis', 'rediss']),
    /** A ClickHouse server; or, for a single-process setup, tests and benchmarks, WAREHOUSE_DATA_DIR (chDB). */
    CLICKHOUSE_URL: env.url(['http', 'https']).optional(),
    WAREHOUSE_DATA_DIR: z.string().min(1).optional(),
    CLICKHOUSE_USER: z.string().optional(),
    CLICKHOUSE_PASSWORD: z.string().optional(),
    CLICKHOUSE_DATABASE: z.string().optional(),
    KAFKA_BROKERS: env.brokers(),
    /** 32 bytes, base64: encrypts the ingest-key signing keys at rest. Only the control API has it. */
    SIGNING_KEY_ENCRYPTION_KEY: z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    }),
    /** 32 bytes, base64: seals destination URLs and webhook secrets; the writer holds it too. */
    DESTINATION_ENCRYPTION_KEY: z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32), the same as the writer',
    }),
    /** Optional JSON overriding plan limits, e.g. {"free":{"datasets":20,...}}. */
    PLANS_JSON: z.string().optional(),
    /** Console sessions end this long after sign-in (default 7 days) or after this much idleness (2 hours). */
    SESSION_MAX_AGE_SECONDS: env.positiveInt(7 * 24 * 3600),
    SESSION_IDLE_TIMEOUT_SECONDS: env.positiveInt(2 * 3600),
    /** The URL users open the console at, when a proxy terminates TLS or rewrites the host. */
    PUBLIC_URL: env.url(['http', 'https']).optional(),
    /** The built web console to serve at `/` (the image sets it); unset, `/` says the console is not built. */
    CONSOLE_DIR: z.string().min(1).optional(),
    /** The ingest gateway's public URL, shown in the console's snippets. */
    INGEST_PUBLIC_URL: env.url(['http', 'https']).optional(),
    SHUTDOWN_TIMEOUT_MS: env.positiveInt(25_000),
  })
  .refine((config) => Boolean(config.CLICKHOUSE_URL) !== Boolean(config.WAREHOUSE_DATA_DIR), {
    message: 'set exactly one of CLICKHOUSE_URL and WAREHOUSE_DATA_DIR',
    path: ['CLICKHOUSE_URL'],
  });

export type ControlConfig = z.infer<typeof controlConfigSchema>;
