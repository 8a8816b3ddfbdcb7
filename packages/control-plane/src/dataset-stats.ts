import { datasetTableName, localTableName, partsSource } from '@quarry/pipeline';
import { z } from 'zod';
import { getDataset } from './datasets.ts';
import type { VerbContext } from './deps.ts';

/** What the console shows per dataset: how much it holds and how fresh it is. Counts are strings (§1). */
export interface DatasetStats {
  rows: string;
  bytes: string;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  lastIngestAt: string | null;
}

const EMPTY: DatasetStats = {
  rows: '0',
  bytes: '0',
  firstTimestamp: null,
  lastTimestamp: null,
  lastIngestAt: null,
};

const millis = z.coerce.number().nullable();
const StatsRow = z.object({
  rows: z.coerce.string(),
  bytes: z.coerce.string(),
  first_ms: millis,
  last_ms: millis,
  ingest_ms: millis,
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// Times as epoch milliseconds, NULL for an empty table (min() of nothing would be 1970). The table
// name comes from the numeric id only; bytes are the active parts' size on disk (on a cluster, the
// local tables' parts on one replica of each shard).
const STATS_SQL = `SELECT
  count() AS rows,
  (SELECT sum(bytes_on_disk) FROM PARTS
    WHERE database = DATABASE AND table = {table:String} AND active) AS bytes,
  if(count() = 0, NULL, toUnixTimestamp64Milli(min(\`timestamp\`))) AS first_ms,
  if(count() = 0, NULL, toUnixTimestamp64Milli(max(\`timestamp\`))) AS last_ms,
  if(count() = 0, NULL, toUnixTimestamp64Milli(max(\`__ingestedAt\`))) AS ingest_ms
FROM TABLE_NAME`;

/** Rows, bytes, time span and latest ingest of a dataset the actor can read; zeros before a schema. */
export async function datasetStats(ctx: VerbContext, slug: string, id: number): Promise<DatasetStats> {
  const dataset = await getDataset(ctx, slug, id);
  if (dataset.schema === null) return EMPTY;
  const table = datasetTableName(dataset.id);
  const { cluster } = ctx.deps.warehouse;
  const [row] = await ctx.deps.warehouse.query({
    name: 'datasets.stats',
    sql: STATS_SQL.replace('TABLE_NAME', `\`${table}\``)
      .replace('PARTS', partsSource(cluster))
      // Evaluated where the parts are listed: on a cluster, the database the services use.
      .replace('DATABASE', cluster ? '{database:String}' : 'currentDatabase()'),
    params: { table: localTableName(table, cluster), ...(cluster ? { database: cluster.database } : {}) },
    schema: StatsRow,
  });
  if (!row) return EMPTY;
  return {
    rows: row.rows,
    bytes: row.bytes,
    firstTimestamp: iso(row.first_ms),
    lastTimestamp: iso(row.last_ms),
    lastIngestAt: iso(row.ingest_ms),
  };
}
