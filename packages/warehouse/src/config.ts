import { z } from 'zod';

/** Where the warehouse lives: a ClickHouse server over HTTP, or chDB in this process. */
export type WarehouseConfig =
  | {
      kind: 'clickhouse';
      url: string;
      username?: string;
      password?: string;
      database?: string;
      /** A cluster of the server's `remote_servers`: tables are created ON CLUSTER, replicated and sharded. */
      cluster?: string;
    }
  | { kind: 'embedded'; dataDir: string };

/**
 * Where DDL goes in cluster mode: the cluster every statement runs ON, and the database the
 * Distributed tables read from (the one the services connect to).
 */
export interface ClusterTarget {
  name: string;
  database: string;
}

/** The services' warehouse variables, parsed: a ClickHouse server, or a chDB directory instead. */
export interface WarehouseEnv {
  CLICKHOUSE_URL?: string | undefined;
  CLICKHOUSE_USER?: string | undefined;
  CLICKHOUSE_PASSWORD?: string | undefined;
  CLICKHOUSE_DATABASE?: string | undefined;
  CLICKHOUSE_CLUSTER?: string | undefined;
  WAREHOUSE_DATA_DIR?: string | undefined;
}

/** The config both the writer and the control API build from their environment (one of the two is set). */
export function warehouseConfigFromEnv(env: WarehouseEnv): WarehouseConfig {
  return env.CLICKHOUSE_URL
    ? {
        kind: 'clickhouse',
        url: env.CLICKHOUSE_URL,
        username: env.CLICKHOUSE_USER,
        password: env.CLICKHOUSE_PASSWORD,
        database: env.CLICKHOUSE_DATABASE,
        ...(env.CLICKHOUSE_CLUSTER ? { cluster: env.CLICKHOUSE_CLUSTER } : {}),
      }
    : { kind: 'embedded', dataDir: env.WAREHOUSE_DATA_DIR ?? '' };
}

/** The cluster mode of a config: set only for a ClickHouse server with CLICKHOUSE_CLUSTER. */
export function clusterTarget(config: WarehouseConfig): ClusterTarget | undefined {
  if (config.kind !== 'clickhouse' || !config.cluster) return undefined;
  // A server without a database in the URL or config uses its `default` one.
  return { name: config.cluster, database: config.database ?? 'default' };
}

/**
 * CLICKHOUSE_CLUSTER, for both services' config: a name as `remote_servers` spells it (it becomes
 * a string literal in DDL). Only with CLICKHOUSE_URL: chDB is one process, never a cluster.
 */
export const clickhouseClusterField = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/, 'a cluster name: letters, digits, _ . -')
  .optional();

/** For the apps' config refinement: CLICKHOUSE_CLUSTER is refused without CLICKHOUSE_URL. */
export function clusterNeedsServer(config: {
  CLICKHOUSE_CLUSTER?: string | undefined;
  CLICKHOUSE_URL?: string | undefined;
}) {
  return !config.CLICKHOUSE_CLUSTER || Boolean(config.CLICKHOUSE_URL);
}

/**
 * Applied to every statement on both backends so they answer alike: a server quotes 64-bit
 * integers by default and chDB does not (the contract wants counts as strings), and the writer
 * inserts RFC 3339 timestamps such as `2026-06-10T12:00:00.123Z`, which `basic` parsing refuses.
 */
export const sharedSettings = {
  output_format_json_quote_64bit_integers: 1,
  date_time_input_format: 'best_effort',
} as const;

/**
 * Added in cluster mode (docs/pipeline.md, "Cluster mode"). An insert into a Distributed table is
 * acknowledged only once the shard stored it (not queued on the node that took it, which the
 * deduplication token would not cover), and only once a majority of the shard's replicas hold it
 * (with two replicas: both), so a ledger row read back from any replica is the latest.
 */
export const clusterSettings = {
  distributed_foreground_insert: 1,
  insert_quorum: 'auto',
} as const;
