import { isIP } from 'node:net';
import type pg from 'pg';

/** What the writer takes from a `direct_db_postgres` URL; everything else in it is ignored. */
export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `sslmode=require`, `verify-ca` or `verify-full`: TLS, with the certificate checked against the host. */
  tls: boolean;
  /** `options=-c search_path=logs`: session settings on the destination server (another schema). */
  options?: string | undefined;
}

const TLS_MODES = new Set(['require', 'verify-ca', 'verify-full']);

/**
 * Read by hand, not by pg, which would honour `?host=` (another host, a Unix socket) and
 * `sslrootcert=` (files on the writer's disk): only the URL's own host is connected to, after the
 * egress check, and of the query only `sslmode` and `options` (the destination's session) count.
 */
export function parsePostgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`direct_db_url must be a postgres:// URL, not ${parsed.protocol}//`);
  }
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username),
    tls: TLS_MODES.has(parsed.searchParams.get('sslmode') ?? ''),
    options: parsed.searchParams.get('options') ?? undefined,
  };
}

/** pg's settings for `target`, connecting to the already checked `address`, never to the name. */
export function poolConfig(target: PostgresTarget, address: string, timeoutMs: number): pg.PoolConfig {
  const servername = target.host.replace(/^\[(.*)\]$/, '$1');
  return {
    host: address,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    // SNI and the certificate check use the name; an IP literal is checked as itself.
    ssl: target.tls ? (isIP(servername) === 0 ? { servername } : {}) : false,
    max: 2,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'quarry-writer',
    ...(target.options ? { options: target.options } : {}),
  };
}
