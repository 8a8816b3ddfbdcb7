import { Readable } from 'node:stream';
import { sharedSettings } from './config.ts';
import type { EngineLease } from './embedded-engine.ts';
import { quoteIdentifier } from './identifiers.ts';
import type { EncodedRows } from './warehouse.ts';

// Two inserts run at once on chDB (embedded-engine.ts): one thread each keeps them to two cores'
// worth beside the gateway and broker (with the engine's parsing threads, the writer bench saw the
// gateway's p99 at 1.0–7.5 s), at the same rows/s (docs/pipeline.md).
const ONE_THREAD_EACH = { max_threads: 1 };

/**
 * Inserts a body already in its format. chDB takes the bytes as they are (its raw insert: no copy
 * into a SQL string); a server receives them as the request body.
 * The settings are the same as for rows inserted as objects, stated with the statement either way.
 */
export async function insertEncoded(
  lease: EngineLease,
  insert: { table: string; encoded: EncodedRows; queryId: string; settings: Record<string, string> },
): Promise<void> {
  const { table, encoded, queryId, settings } = insert;
  if (encoded.bytes.length === 0) return;
  if (lease.rawInsert) {
    await lease
      .rawInsert({
        table,
        values: encoded.bytes,
        format: encoded.format,
        settings: { ...sharedSettings, ...ONE_THREAD_EACH, ...settings },
      })
      .catch((error: unknown) => {
        throw withEngineCode(error);
      });
    return;
  }
  await lease.client.insert({
    table: quoteIdentifier(table),
    values: Readable.from([encoded.bytes], { objectMode: false }),
    format: encoded.format,
    query_id: queryId,
    clickhouse_settings: settings,
  });
}

// chDB's insert errors carry the engine's code as a number in `clickhouseCode` (`code` is theirs,
// CHDB_INSERT); every other path gives it as text in `code`, which WarehouseError classifies.
function withEngineCode(error: unknown): unknown {
  const code = (error as { clickhouseCode?: unknown } | null)?.clickhouseCode;
  if (!(error instanceof Error) || typeof code !== 'number') return error;
  return Object.assign(new Error(error.message, { cause: error }), { code: String(code) });
}
