/** Where the warehouse lives: a ClickHouse server over HTTP, or chDB in this process. */
export type WarehouseConfig =
  | { kind: 'clickhouse'; url: string; username?: string; password?: string; database?: string }
  | { kind: 'embedded'; dataDir: string };

/** The services' warehouse variables, parsed: a ClickHouse server, or a chDB directory instead. */
export interface WarehouseEnv {
  CLICKHOUSE_URL?: string | undefined;
  CLICKHOUSE_USER?: string | undefined;
  CLICKHOUSE_PASSWORD?: string | undefined;
  CLICKHOUSE_DATABASE?: string | undefined;
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
      }
    : { kind: 'embedded', dataDir: env.WAREHOUSE_DATA_DIR ?? '' };
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
