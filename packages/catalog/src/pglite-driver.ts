import { resolve } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { type CatalogDriver, int8Parsers, type SqlResult } from './driver.ts';

// Two PGlite instances on one directory would each believe they own the files and corrupt them.
const openDirectories = new Set<string>();

export async function createPgliteDriver(dataDir: string): Promise<CatalogDriver> {
  const directory = resolve(dataDir);
  if (openDirectories.has(directory))
    throw new Error(`the embedded catalog at ${directory} is already open in this process`);
  openDirectories.add(directory);
  let db: PGlite;
  try {
    db = await PGlite.create(directory, { parsers: int8Parsers });
  } catch (error) {
    openDirectories.delete(directory);
    throw error;
  }

  return {
    kind: 'embedded',
    query: async (sql, params) => toResult(await db.query(sql, params === undefined ? [] : [...params])),
    // PGlite has one session: its transaction() holds a lock that queues every other statement
    // until COMMIT or ROLLBACK, so callers get the same isolation as a pooled server connection.
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (sql, params) =>
            toResult(await tx.query(sql, params === undefined ? [] : [...params])),
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    async close() {
      await db.close();
      openDirectories.delete(directory);
    },
  };
}

function toResult<Row>(result: Results<Row>): SqlResult<Row> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}
