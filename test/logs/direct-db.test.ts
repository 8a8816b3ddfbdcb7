import { isolatedDatabase, localStack, type TestDatabase, tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsolatedBackends, openIsolatedBackends, unique, waitForCaughtUp } from '../src/index.ts';
import {
  createLogProject,
  LOOPBACK_RECEIVERS,
  logEvent,
  produceLogs,
  startLogWriter,
  storedLogs,
  waitUntil,
} from '../src/logs.ts';

let backends: IsolatedBackends;
let warehouse: Warehouse;
let writer: Awaited<ReturnType<typeof startLogWriter>>;
let target: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  // A catalog of its own: a writer of another test file would otherwise claim these delivery lanes,
  // deliver them with its own attempt bound, and the repeated-delivery counts here would be off.
  backends = await openIsolatedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('logs-direct-db') });
  // The destination database is on 127.0.0.1: the writer refuses it unless the operator allows it.
  writer = await startLogWriter(backends, warehouse, {
    delivery: { maxAttempts: 5 },
    egress: { allowedCidrs: LOOPBACK_RECEIVERS },
  });
  // The customer's database: a fresh one on the machine's PostgreSQL server, without the table.
  target = await isolatedDatabase();
  client = new pg.Client({ connectionString: target.url });
  await client.connect();
});

afterAll(async () => {
  await writer?.stop();
  await client?.end();
  await target?.drop();
  await backends?.close();
  await warehouse?.close();
});

async function received(project: string) {
  const { rows } = await client.query<{
    event_id: string;
    message: string;
    level: string;
    metadata: unknown;
    trace_id: string;
    timestamp: Date;
  }>(
    'SELECT event_id, message, level, metadata, trace_id, "timestamp" FROM quarry_logs WHERE project = $1 ORDER BY event_id',
    [project],
  );
  return rows;
}

async function deliveryStates(projectId: number) {
  const { rows } = await backends.catalog.query<{ state: string; last_error: string | null }>(
    'SELECT state, last_error FROM log_deliveries WHERE project_id = $1 ORDER BY id',
    [projectId],
  );
  return rows;
}

describe('direct_db_postgres destinations', () => {
  it('creates the table when missing and inserts every event once, also when deliveries repeat', async () => {
    const project = await createLogProject(backends, warehouse, {
      destination: { type: 'direct_db_postgres', direct_db_url: target.url },
    });
    const at = new Date(Date.now() - 1_000);
    await produceLogs(backends.bus, backends.topics, project.id, [
      [
        logEvent({
          message: 'a',
          metadata: '{"user":{"id":"42"}}',
          timestamp: at.toISOString().replace('T', ' ').slice(0, 23),
        }),
      ],
      [logEvent({ message: 'b', level: 'error' }), logEvent({ message: 'c' })],
    ]);
    const rows = await waitUntil(
      async () => {
        const found = await received(project.slug).catch(() => []);
        return found.length === 3 ? found : undefined;
      },
      15_000,
      'three rows in the destination database',
    );
    const stored = await storedLogs(warehouse, project.id);
    expect(rows.map((row) => row.event_id).sort()).toEqual(stored.map((row) => row.position).sort());
    const first = rows.find((row) => row.message === 'a');
    expect(first).toMatchObject({ level: 'info', metadata: { user: { id: '42' } }, trace_id: 'req_0' });
    expect(first?.timestamp.getTime()).toBe(at.getTime());

    // A crash after the insert but before it was recorded: the outbox delivers the batch again.
    await waitUntil(
      async () => (await deliveryStates(project.id)).every((row) => row.state === 'delivered'),
      5_000,
      'deliveries recorded',
    );
    await backends.catalog.query(`UPDATE log_deliveries SET state = 'pending' WHERE project_id = $1`, [
      project.id,
    ]);
    await waitUntil(
      async () => (await deliveryStates(project.id)).every((row) => row.state === 'delivered'),
      10_000,
      'the repeated deliveries',
    );
    // And the whole topic read again by a new writer group: the outbox holds each message once.
    const replayGroup = `writer-${unique()}`;
    const replay = await startLogWriter(backends, warehouse, {
      groupId: replayGroup,
      egress: { allowedCidrs: LOOPBACK_RECEIVERS },
    });
    await waitForCaughtUp(localStack().kafkaBrokers, replayGroup, backends.topics.logs, 30_000);
    await replay.stop();
    expect(await deliveryStates(project.id)).toHaveLength(2);
    expect((await received(project.slug)).map((row) => row.message).sort()).toEqual(['a', 'b', 'c']);
  });

  it('creates the table again when it was dropped meanwhile', async () => {
    const project = await createLogProject(backends, warehouse, {
      destination: { type: 'direct_db_postgres', direct_db_url: target.url },
    });
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'before' })]]);
    await waitUntil(async () => (await received(project.slug)).length === 1, 15_000, 'the first row');
    await client.query('DROP TABLE quarry_logs');
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'after' })]]);
    await waitUntil(
      async () => (await received(project.slug).catch(() => [])).length === 1,
      15_000,
      'the row in the re-created table',
    );
    expect((await received(project.slug)).map((row) => row.message)).toEqual(['after']);
  });

  it('dead-letters at once a kind saved before it was refused on save, and keeps the events in the built-in store', async () => {
    const project = await createLogProject(backends, warehouse);
    // The control API now answers 400 to direct_db_mysql; a row saved by an older version remains.
    await backends.catalog.query('UPDATE projects SET destination = $2 WHERE id = $1', [
      project.id,
      JSON.stringify({ type: 'direct_db_mysql', direct_db_url: 'mysql://db.example/logs' }),
    ]);
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'kept' })]]);
    await waitUntil(
      async () => (await deliveryStates(project.id))[0]?.state === 'dead',
      15_000,
      'a dead delivery',
    );
    expect(await deliveryStates(project.id)).toEqual([
      { state: 'dead', last_error: 'destination type direct_db_mysql is not supported' },
    ]);
    expect((await storedLogs(warehouse, project.id)).map((row) => row.message)).toEqual(['kept']);
  });
});
