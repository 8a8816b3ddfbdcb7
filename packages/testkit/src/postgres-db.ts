import pg from 'pg';

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates `quarry_test_<runId>` for this run; also drops those a crashed run left behind hours ago. */
export async function createTestDatabase(runId: string, serverUrl: string): Promise<TestDatabase> {
  const name = `quarry_test_${runId}`;
  await withClient(serverUrl, async (client) => {
    await dropStaleDatabases(client);
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(serverUrl, (client) => dropDatabase(client, name)),
  };
}

/** A run id that sorts by start time, so stale databases can be recognised by name alone. */
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'quarry\\_test\\_%'`,
  );
  for (const { datname } of rows) {
    const startedAt = Number.parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(startedAt) && Date.now() - startedAt > STALE_AFTER_MS) {
      await dropDatabase(client, datname);
    }
  }
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
