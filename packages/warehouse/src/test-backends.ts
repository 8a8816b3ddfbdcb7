import { tempDir } from '@quarry/testkit';
import type { WarehouseConfig } from './config.ts';

export interface WarehouseBackend {
  /** Describe title; a skipped backend says why in it. */
  title: string;
  skip: boolean;
  config(): Promise<WarehouseConfig>;
}

/**
 * The backends a warehouse suite runs on: chDB always, a ClickHouse server when CLICKHOUSE_URL
 * names one (none can be installed on the development machine, so it is skipped there).
 */
export function warehouseBackends(suite: string): WarehouseBackend[] {
  const serverUrl = process.env.CLICKHOUSE_URL;
  return [
    {
      title: `${suite} on embedded chDB`,
      skip: false,
      config: async () => ({ kind: 'embedded', dataDir: await tempDir('warehouse') }),
    },
    {
      title: serverUrl
        ? `${suite} on the ClickHouse server at CLICKHOUSE_URL`
        : `${suite} on a ClickHouse server (skipped: CLICKHOUSE_URL is not set)`,
      skip: serverUrl === undefined,
      config: async () => ({ kind: 'clickhouse', url: serverUrl ?? '' }),
    },
  ];
}

/** A table name no other test run uses, for suites that may share a server. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
