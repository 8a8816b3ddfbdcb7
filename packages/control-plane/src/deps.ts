import type { ScryptParams } from '@quarry/auth';
import type { Catalog, SqlExecutor } from '@quarry/catalog';
import { ApiError } from '@quarry/contract';
import type { Counters } from '@quarry/counters';
import type { Warehouse } from '@quarry/warehouse';
import { MESSAGES } from './messages.ts';
import type { Plans } from './plans.ts';
import type { QueryGate } from './query-gate.ts';
import type { CatalogReads } from './read-cache.ts';
import type { Scope } from './scopes.ts';

/** The catalog as the verbs need it: parameterized SQL and transactions (PostgreSQL or PGlite). */
export interface Db {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/**
 * Verbs read rows directly; the catalog answers `{ rows, rowCount }`. PostgreSQL text cannot hold
 * U+0000, so a parameter carrying one (a slug, a name, an email from a request) is the client's 400
 * here rather than the driver's error, which would be a 500.
 */
export function catalogDb(catalog: Pick<Catalog, 'query' | 'transaction'>): Db {
  const rowsOf =
    (executor: SqlExecutor): Db['query'] =>
    async (sql, params) => {
      if (params?.some((param) => typeof param === 'string' && param.includes('\u0000'))) {
        throw new ApiError(400, MESSAGES.nulCharacter);
      }
      return (await executor.query(sql, params)).rows as never;
    };
  const inTransaction = (): never => {
    throw new Error('nested transactions are not supported');
  };
  return {
    query: rowsOf(catalog),
    transaction: (fn) => catalog.transaction((tx) => fn({ query: rowsOf(tx), transaction: inTransaction })),
  };
}

/**
 * The warehouse as the verbs need it: DDL for dataset tables, guarded queries (parsed, or passed on
 * as the engine's JSON), quarantined records replayed, and exports streamed.
 */
export type WarehouseDdl = Pick<
  Warehouse,
  'command' | 'query' | 'queryJsonRows' | 'insert' | 'stream' | 'cluster'
>;

/** Shared counters as the verbs need them: revocation push, login throttling, quota limits, usage. */
export type ControlCounters = Pick<
  Counters,
  'publish' | 'get' | 'set' | 'delete' | 'setIfAbsent' | 'rateLimit' | 'scanKeys' | 'takeDelta'
>;

export interface ControlPlaneDeps {
  db: Db;
  warehouse: WarehouseDdl;
  counters: ControlCounters;
  keyring: import('./keyring.ts').Keyring;
  plans: Plans;
  /** Seals destination URLs and webhook secrets at rest; the writer opens them with the same key. */
  destinationKey: Buffer;
  /** Bounds concurrent warehouse queries per project; the control API always passes one. */
  queryGate?: QueryGate | undefined;
  /**
   * scrypt cost of new password hashes: production's (DEFAULT_SCRYPT_PARAMS) when absent. Only
   * in-process tests pass cheaper ones; no configuration reaches it.
   */
  passwordParams?: ScryptParams | undefined;
  /** Bounds concurrent exports per project; the control API always passes one. */
  exportGate?: QueryGate | undefined;
  /** Cached token and query-target reads (read-cache.ts); the control API passes them, the CLI not. */
  reads?: CatalogReads | undefined;
}

/**
 * Who is calling: resolved from a PAT by the transport, never from request bodies. `scopes` are the
 * PAT's; absent for credentials with every scope (a browser session, an operator's CLI verb).
 */
export interface Actor {
  userId: number;
  scopes?: readonly Scope[] | undefined;
  /** The credential this request came with, so a password change can keep it and end the others. */
  sessionId?: number | undefined;
  patId?: number | undefined;
}

export interface VerbContext {
  deps: ControlPlaneDeps;
  actor: Actor;
}
