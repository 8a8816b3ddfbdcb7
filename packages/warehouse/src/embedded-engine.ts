import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { sharedSettings } from './config.ts';
import { leastBusy } from './insert-sessions.ts';

/** A handle on the process's chDB engine; the engine closes when the last handle is released. */
export interface EngineLease {
  client: ClickHouseClient;
  /**
   * Where SELECTs with per-query guards run. chDB applies per-query settings as session-wide SETs,
   * so `readonly` on the one session would then refuse the writer's inserts; reads get their own.
   */
  readClient: ClickHouseClient;
  /**
   * chDB only: hands an insert's body to the engine as it is (no copy into a SQL string; the
   * X
   * server takes the same body as a stream through `client`.
   */
  rawInsert?: RawInsert;
  release(): Promise<void>;
}

/** chDB's raw passthrough insert (`connection.chdb.rawInsert`): `INSERT … SETTINGS … FORMAT …` + body. */
export type RawInsert = (params: {
  table: string;
  values: Buffer;
  format: 'JSONEachRow' | 'JSONCompactEachRow';
  settings: Record<string, string | number>;
}) => Promise<unknown>;

type ClientConnection = NonNullable<Parameters<typeof createClient>[0]>['connection'];

interface OpenEngine {
  dataDir: string;
  client: ClickHouseClient;
  readClient: ClickHouseClient;
  insertClients: ClickHouseClient[];
  rawInsert: RawInsert;
  leases: number;
}

// chDB binds one data directory per process (measured: a second directory is refused while the
// first is open, and opens fine once it is closed), so every warehouse on the same directory
// shares one client, and a different directory waits for the last lease to be released.
let openEngine: OpenEngine | undefined;

export function leaseEmbeddedEngine(dataDir: string): EngineLease {
  const path = resolve(dataDir);
  if (openEngine !== undefined && openEngine.dataDir !== path) {
    throw new Error(
      `chDB runs one data directory per process: ${openEngine.dataDir} is open, so ${path} cannot be ` +
        'opened until every warehouse on it is closed',
    );
  }
  const engine = openEngine ?? openNewEngine(path);
  openEngine = engine;
  engine.leases += 1;
  let released = false;
  return {
    client: engine.client,
    readClient: engine.readClient,
    rawInsert: engine.rawInsert,
    async release() {
      if (released) return;
      released = true;
      engine.leases -= 1;
      if (engine.leases > 0) return;
      if (openEngine === engine) openEngine = undefined;
      await engine.readClient.close();
      await engine.client.close();
      for (const insertClient of engine.insertClients) await insertClient.close();
    },
  };
}

// chDB runs one statement at a time per session (measured: two `sleep(1)` on one session take 2 s,
// on two sessions 1 s). Encoded bodies get two sessions of their own, so two partitions' inserts run
// at once on a 2-core machine, and the writer's small ledger statements never wait on their session.
function openNewEngine(dataDir: string): OpenEngine {
  mkdirSync(dataDir, { recursive: true });
  const inserts = [sessionClient(dataDir), sessionClient(dataDir)] as const;
  return {
    dataDir,
    client: sessionClient(dataDir).client,
    readClient: sessionClient(dataDir).client,
    insertClients: inserts.map(({ client }) => client),
    rawInsert: leastBusy([inserts[0].rawInsert, inserts[1].rawInsert]),
    leases: 0,
  };
}

// chDB (hundreds of MB) is loaded only for the embedded engine. It is an optional peer here (and a
// devDependency, for tests), a dependency of apps/embedded alone, so the service images, which
// talk to a ClickHouse server, leave it out. Its CommonJS entry keeps this synchronous.
const load = createRequire(import.meta.url);

function sessionClient(dataDir: string): { client: ClickHouseClient; rawInsert: RawInsert } {
  const { createChdbConnection } = load('chdb/connection') as typeof import('chdb/connection');
  const chdb = createChdbConnection({ path: dataDir });
  // chDB types its connection against @clickhouse/client-common, which @clickhouse/client bundles
  // as a structurally identical private copy; the runtime contract is the same one.
  const connection = chdb as unknown as ClientConnection;
  return {
    client: createClient({ connection, clickhouse_settings: sharedSettings }),
    rawInsert: (params) => chdb.chdb.rawInsert(params),
  };
}
