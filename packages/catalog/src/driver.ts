/** Where the control-plane catalog lives: a PostgreSQL server, or PGlite in this process. */
export type CatalogConfig = { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };

export interface SqlResult<Row> {
  rows: Row[];
  /** Rows returned by a SELECT, or changed by an INSERT, UPDATE or DELETE. */
  rowCount: number;
}

/** Runs one parameterized statement (`$1`, `$2`, …); values never become SQL text. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/** What a backend provides; the catalog adds the shared rules on top. */
export interface CatalogDriver extends SqlExecutor {
  readonly kind: CatalogConfig['kind'];
  /** BEGIN, run, COMMIT (ROLLBACK on a throw); `tx` also runs multi-statement scripts. */
  transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ScriptExecutor extends SqlExecutor {
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(script: string): Promise<void>;
}

const INT8_OID = 20;

/**
 * Ids, counts and quotas are bigint columns. Both backends hand them over as JS numbers, and one
 * beyond 2^53 is an error rather than a silently rounded value.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new RangeError(`bigint value ${text} is beyond JavaScript's safe integers`);
  return value;
}

export const int8Parsers = { [INT8_OID]: parseInt8 };
