import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client';
import type { z } from 'zod';
import {
  type ClusterTarget,
  clusterSettings,
  clusterTarget,
  sharedSettings,
  type WarehouseConfig,
} from './config.ts';
import { type EngineLease, leaseEmbeddedEngine } from './embedded-engine.ts';
import { wrapFailure } from './errors.ts';
import { quoteIdentifier } from './identifiers.ts';
import { insertEncoded } from './insert-encoded.ts';
import { normalizeParams, type QueryParams } from './params.ts';

export interface WarehouseQuery<Row extends z.ZodType> {
  /** Stable name of the statement, e.g. `datasets.query`; it prefixes the query_id. */
  name: string;
  /** SQL with `{name:Type}` placeholders; values go in `params`, never into this text. */
  sql: string;
  params?: QueryParams;
  /** Each returned row is parsed with it; a mismatch is an error, not a silent cast. */
  schema: Row;
  /** Per-query engine settings (guards such as max_execution_time, readonly). */
  settings?: Readonly<Record<string, string | number>>;
}

/** A SELECT whose rows the caller takes as the engine's own JSON text (see `Warehouse.queryJsonRows`). */
export type WarehouseJsonQuery = Omit<WarehouseQuery<z.ZodType>, 'schema'>;

export interface WarehouseCommand {
  name: string;
  sql: string;
  params?: QueryParams;
}

/** Raw output formats a caller may stream: the engine writes them itself. */
export type StreamFormat = 'JSONEachRow' | 'CSVWithNames' | 'Parquet';

export interface WarehouseStream {
  name: string;
  /** A SELECT with `{name:Type}` placeholders and no FORMAT clause: `format` is appended. */
  sql: string;
  params?: QueryParams;
  format: StreamFormat;
  settings?: Readonly<Record<string, string | number>>;
}

/** Rows already in the insert's format: JSONEachRow lines, e.g. spliced by the writer from its messages. */
export interface EncodedRows {
  format: 'JSONEachRow' | 'JSONCompactEachRow';
  bytes: Buffer;
}

export type WarehouseInsert = {
  /** A bare table name; it is quoted here. */
  table: string;
  /** Same token, same table: the block is stored once (needs `non_replicated_deduplication_window`). */
  dedupToken?: string;
} & (
  | { rows: ReadonlyArray<Record<string, unknown>> }
  | {
      encoded: EncodedRows;
      /** `basic` when every date-time in the body is `YYYY-MM-DD hh:mm:ss[.fff]`: cheaper to parse. */
      dateTimeInputFormat?: 'basic' | 'best_effort';
    }
);

export interface Warehouse {
  readonly kind: WarehouseConfig['kind'];
  /** Set in cluster mode: DDL must then use the cluster forms (packages/pipeline/src/table-ddl.ts). */
  readonly cluster?: ClusterTarget | undefined;
  query<Row extends z.ZodType>(query: WarehouseQuery<Row>): Promise<Array<z.output<Row>>>;
  /**
   * The rows as the engine wrote them, one JSON object text per row (JSONEachRow), unparsed: for
   * answers that pass the engine's JSON on instead of parsing it into objects and serialising it again.
   */
  queryJsonRows(query: WarehouseJsonQuery): Promise<string[]>;
  command(command: WarehouseCommand): Promise<void>;
  insert(insert: WarehouseInsert): Promise<void>;
  /**
   * The engine's own bytes in `format`, as they come: a server streams them (an error after the
   * first bytes ends the stream with the engine's exception text); chDB hands over its whole result.
   */
  stream(stream: WarehouseStream): Promise<Readable>;
  /** Resolves when the engine answers a SELECT with our credentials; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createWarehouse(config: WarehouseConfig): Warehouse {
  const lease = config.kind === 'embedded' ? leaseEmbeddedEngine(config.dataDir) : httpLease(config);
  return { ...warehouseOn(config.kind, lease), cluster: clusterTarget(config) };
}

function httpLease(config: Extract<WarehouseConfig, { kind: 'clickhouse' }>): EngineLease {
  const client = createClient({
    url: config.url,
    username: config.username,
    password: config.password,
    database: config.database,
    application: 'quarry',
    clickhouse_settings: config.cluster ? { ...sharedSettings, ...clusterSettings } : sharedSettings,
    // Failures reach the caller as WarehouseErrors, logged by the service's own (scrubbing) logger;
    // the client's console logger would print each again, as unstructured multi-line text.
    log: { level: ClickHouseLogLevel.OFF },
  });
  return { client, readClient: client, release: () => client.close() };
}

// chDB applies a query's settings to its whole session, so one query's guards (a row limit, a
// timeout, a log comment) would stay on every later read that sets none: embedded reads restate them.
const UNGUARDED: ClickHouseSettings = {
  max_execution_time: 0,
  max_result_rows: '0',
  max_result_bytes: '0',
  result_overflow_mode: 'throw',
  max_memory_usage: '0',
  max_rows_to_group_by: '0',
  group_by_overflow_mode: 'throw',
  log_comment: '',
  // An export's RFC 3339 timestamps would otherwise become every later read's format.
  date_time_output_format: 'simple',
};

function warehouseOn(kind: WarehouseConfig['kind'], lease: EngineLease): Warehouse {
  const client: ClickHouseClient = lease.client;
  const readDefaults = kind === 'embedded' ? UNGUARDED : {};
  const select = ({ sql, params, settings }: Omit<WarehouseJsonQuery, 'name'>, queryId: string) =>
    lease.readClient.query({
      query: sql,
      query_params: normalizeParams(params),
      query_id: queryId,
      format: 'JSONEachRow',
      clickhouse_settings: { ...readDefaults, ...(settings as ClickHouseSettings | undefined) },
    });
  return {
    kind,
    async query({ name, sql, params, schema, settings }) {
      const queryId = newQueryId(name);
      let rows: unknown[];
      try {
        rows = await (await select({ sql, params, settings }, queryId)).json();
      } catch (error) {
        throw wrapFailure(name, queryId, error);
      }
      return rows.map((row, index) => {
        const parsed = schema.safeParse(row);
        if (!parsed.success)
          throw wrapFailure(name, queryId, new Error(`row ${index}: ${parsed.error.message}`));
        return parsed.data;
      });
    },
    async queryJsonRows({ name, sql, params, settings }) {
      const queryId = newQueryId(name);
      let text: string;
      try {
        text = await (await select({ sql, params, settings }, queryId)).text();
      } catch (error) {
        throw wrapFailure(name, queryId, error);
      }
      // JSONEachRow ends every row with a newline, and a row has none inside (JSON escapes them).
      const rows = text.split('\n');
      if (rows.at(-1) === '') rows.pop();
      return rows;
    },
    async command({ name, sql, params }) {
      const queryId = newQueryId(name);
      try {
        await client.command({ query: sql, query_params: normalizeParams(params), query_id: queryId });
      } catch (error) {
        throw wrapFailure(name, queryId, error);
      }
    },
    async insert(insert) {
      const { table, dedupToken } = insert;
      const name = `insert.${table}`;
      const queryId = newQueryId(name);
      const settings = {
        // Always sent, even empty: chDB applies settings with a session-wide SET, so a token
        // left over from the previous insert would silently drop this one as a duplicate.
        insert_deduplication_token: dedupToken ?? '',
        // Tables are partitioned by month and one insert may span centuries (a backfill): the
        // engine's cap of 100 partitions per insert fails it with a code the writer retries forever.
        max_partitions_per_insert_block: '0',
      };
      try {
        if ('encoded' in insert) {
          const dateTimes = insert.dateTimeInputFormat ?? sharedSettings.date_time_input_format;
          await insertEncoded(lease, {
            table,
            encoded: insert.encoded,
            queryId,
            settings: { ...settings, date_time_input_format: dateTimes },
          });
          return;
        }
        if (insert.rows.length === 0) return;
        await client.insert({
          table: quoteIdentifier(table),
          values: insert.rows,
          format: 'JSONEachRow',
          query_id: queryId,
          clickhouse_settings: settings,
        });
      } catch (error) {
        throw wrapFailure(name, queryId, error);
      }
    },
    async stream({ name, sql, params, format, settings }) {
      const queryId = newQueryId(name);
      try {
        const result = await lease.readClient.exec({
          query: `${sql}\nFORMAT ${format}`,
          query_params: normalizeParams(params),
          query_id: queryId,
          clickhouse_settings: { ...readDefaults, ...(settings as ClickHouseSettings | undefined) },
        });
        return result.stream;
      } catch (error) {
        throw wrapFailure(name, queryId, error);
      }
    },
    async ping() {
      const queryId = newQueryId('ping');
      const result = await client.ping({ select: true, query_id: queryId });
      if (!result.success) throw wrapFailure('ping', queryId, result.error);
    },
    close: () => lease.release(),
  };
}

function newQueryId(name: string): string {
  return `${name}:${randomBytes(8).toString('hex')}`;
}
