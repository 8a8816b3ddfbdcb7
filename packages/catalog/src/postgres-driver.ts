import pg from 'pg';
import { type CatalogDriver, int8Parsers, type ScriptExecutor, type SqlResult } from './driver.ts';
import { asCatalogUnavailable } from './unavailable.ts';

export function createPostgresDriver(url: string): CatalogDriver {
  const pool = new pg.Pool({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        int8Parsers[oid as keyof typeof int8Parsers] ??
        pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection is dropped by the pool and replaced on the next
  // checkout; without a listener the 'error' event would crash the process instead.
  pool.on('error', () => {});

  return {
    kind: 'postgres',
    query: (sql, params) => runOn(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect().catch((error: unknown) => {
        throw asCatalogUnavailable(error);
      });
      let brokenConnection: Error | undefined;
      let finished = false;
      const tx: ScriptExecutor = {
        query: (sql, params) => (finished ? refuseFinished() : runOn(client, sql, params)),
        exec: async (script) => {
          if (finished) refuseFinished();
          await client.query(script);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          brokenConnection = rollbackError;
        });
        throw asCatalogUnavailable(error);
      } finally {
        finished = true;
        // A connection that could not roll back is destroyed rather than returned to the pool.
        client.release(brokenConnection);
      }
    },
    close: () => pool.end(),
  };
}

async function runOn<Row>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<SqlResult<Row>> {
  const result = await target
    .query(sql, params === undefined ? undefined : [...params])
    .catch((error: unknown) => {
      throw asCatalogUnavailable(error);
    });
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
}

function refuseFinished(): never {
  throw new Error('this transaction has already finished; its executor cannot be used any more');
}
