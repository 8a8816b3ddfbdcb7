import { env } from '@quarry/config';
import { plansJsonField, SIGNUP_MODES } from '@quarry/control-plane';
import { parseTrustedProxies } from '@quarry/server-kit';
import { clickhouseClusterField, clusterNeedsServer } from '@quarry/warehouse';
import { z } from 'zod';
import type { AccessSettings } from './services.ts';

/** Comma-separated CIDRs (or addresses) of the proxies in front of the API; empty: none. */
export const trustedProxiesField = () =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

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
    /** Cluster mode: tables created ON CLUSTER, replicated and sharded (docs/operations.md). */
    CLICKHOUSE_CLUSTER: clickhouseClusterField,
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
    PLANS_JSON: plansJsonField(),
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
    /** Who may sign up: `invite` (an operator's `quarry users invite`), `open` or `closed`. */
    SIGNUP_MODE: z.enum(SIGNUP_MODES).default('invite'),
    /** The Ingress controller's / load balancer's addresses: their X-Forwarded-For is believed. */
    TRUSTED_PROXIES: trustedProxiesField(),
    /** How long the PAT answered by POST /api/auth/login stays valid (12 hours). */
    LOGIN_TOKEN_TTL_MINUTES: env.positiveInt(720),
    /** Queries and log searches one project may run at once on one replica; past it 429. */
    QUERY_CONCURRENCY_PER_PROJECT: env.positiveInt(4),
  })
  .refine((config) => Boolean(config.CLICKHOUSE_URL) !== Boolean(config.WAREHOUSE_DATA_DIR), {
    message: 'set exactly one of CLICKHOUSE_URL and WAREHOUSE_DATA_DIR',
    path: ['CLICKHOUSE_URL'],
  })
  .refine(clusterNeedsServer, {
    message: 'CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL: the embedded engine is one process',
    path: ['CLICKHOUSE_CLUSTER'],
  });

export type ControlConfig = z.infer<typeof controlConfigSchema>;

/** The access settings the split server runs with. */
export function accessFromConfig(config: ControlConfig): AccessSettings {
  return {
    signupMode: config.SIGNUP_MODE,
    trustedProxies: config.TRUSTED_PROXIES,
    loginTokenTtlMs: config.LOGIN_TOKEN_TTL_MINUTES * 60_000,
  };
}
