import { ApiError } from '@quarry/contract';
import { describe, expect, it } from 'vitest';
import { catalogDb } from './deps.ts';

// A catalog that records what reaches it, standing in for PostgreSQL, which refuses U+0000 in text.
function recordingCatalog() {
  const seen: unknown[][] = [];
  const executor = {
    query: async (_sql: string, params: unknown[] = []) => {
      seen.push(params);
      return { rows: [], rowCount: 0 };
    },
  };
  return {
    seen,
    catalog: { ...executor, transaction: <T>(fn: (tx: typeof executor) => Promise<T>) => fn(executor) },
  };
}

describe('catalogDb', () => {
  it('refuses text with U+0000 as the client’s 400 before it reaches the catalog', async () => {
    const { seen, catalog } = recordingCatalog();
    const db = catalogDb(catalog);
    for (const run of [
      () => db.query('SELECT 1 WHERE $1 = $2', [7, 'p\u0000x']),
      () => db.transaction((tx) => tx.query('SELECT $1', ['\u0000'])),
    ]) {
      const error = await run().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        status: 400,
        message: 'Text must not contain the NUL character (U+0000)',
      });
    }
    expect(seen).toEqual([]);
  });

  it('passes every other parameter through', async () => {
    const { seen, catalog } = recordingCatalog();
    await catalogDb(catalog).query('SELECT $1, $2, $3', ['\\u0000 as text', 1, null]);
    expect(seen).toEqual([['\\u0000 as text', 1, null]]);
  });
});
