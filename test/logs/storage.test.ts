import { listDeadLetters } from '@quarry/operations';
import { encodeLogEnvelope, logMessageKey } from '@quarry/pipeline';
import { localStack, tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSharedBackends, unique, waitForCaughtUp } from '../src/index.ts';
import {
  createLogProject,
  logEvent,
  produceLogs,
  startLogWriter,
  storedLogs,
  waitUntil,
} from '../src/logs.ts';

type Backends = Awaited<ReturnType<typeof openSharedBackends>>;
let backends: Backends;
let warehouse: Warehouse;
let writer: Awaited<ReturnType<typeof startLogWriter>>;
const group = `writer-${unique()}`;

beforeAll(async () => {
  backends = await openSharedBackends();
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('logs-storage') });
  writer = await startLogWriter(backends, warehouse, { groupId: group });
});

afterAll(async () => {
  await writer?.stop();
  await backends?.bus.close();
  await backends?.counters.close();
  await backends?.catalog.close();
  await warehouse?.close();
});

const caughtUp = () => waitForCaughtUp(localStack().kafkaBrokers, group, backends.topics.logs, 30_000);

describe('the writer stores logs', () => {
  it('stores every event once in the logs table, with its project, trace id, position and plan retention', async () => {
    const free = await createLogProject(backends, warehouse);
    const unlimited = await createLogProject(backends, warehouse, { plan: 'unlimited' });
    const events = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => logEvent({ message: `${prefix}-${i}`, level: 'warn' }));
    await produceLogs(backends.bus, backends.topics, free.id, [events('a', 3), events('b', 2)]);
    await produceLogs(backends.bus, backends.topics, unlimited.id, [events('c', 4)], () => 'req_c');
    await caughtUp();

    const freeRows = await storedLogs(warehouse, free.id);
    expect(freeRows.map((row) => [row.message, row.trace_id, row.retention_days])).toEqual([
      ['a-0', 'req_0', 7],
      ['a-1', 'req_0', 7],
      ['a-2', 'req_0', 7],
      ['b-0', 'req_1', 7],
      ['b-1', 'req_1', 7],
    ]);
    const unlimitedRows = await storedLogs(warehouse, unlimited.id);
    expect(unlimitedRows.map((row) => [row.message, row.retention_days])).toEqual([
      ['c-0', 30],
      ['c-1', 30],
      ['c-2', 30],
      ['c-3', 30],
    ]);
    expect(new Set(unlimitedRows.map((row) => row.position)).size).toBe(4);
  });

  it('stores nothing twice when the whole topic is read again by another writer', async () => {
    const project = await createLogProject(backends, warehouse);
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'once' })]]);
    await caughtUp();
    // A new group starts at the beginning of the topic: every message is redelivered.
    const replayGroup = `writer-${unique()}`;
    const replay = await startLogWriter(backends, warehouse, { groupId: replayGroup });
    try {
      await waitForCaughtUp(localStack().kafkaBrokers, replayGroup, backends.topics.logs, 30_000);
    } finally {
      await replay.stop();
    }
    expect((await storedLogs(warehouse, project.id)).map((row) => row.message)).toEqual(['once']);
  });

  it('dead-letters poison with its provenance while the stream goes on', async () => {
    const project = await createLogProject(backends, warehouse);
    const envelope = (projectId: number, events: unknown[]) =>
      encodeLogEnvelope({
        projectId,
        acceptedAt: new Date().toISOString(),
        traceId: 'req_poison',
        events: events as never,
      });
    const missingProject = 2_000_000_000 + Math.floor(Math.random() * 1_000_000);
    const producer = backends.bus.producer();
    await producer.send(backends.topics.logs, [
      { key: logMessageKey(project.id), value: '{not json' },
      { key: logMessageKey(missingProject), value: envelope(missingProject, [logEvent()]) },
      { key: logMessageKey(project.id), value: envelope(project.id, [logEvent(), { message: 'no level' }]) },
    ]);
    await producer.close();
    await produceLogs(backends.bus, backends.topics, project.id, [[logEvent({ message: 'after poison' })]]);
    await caughtUp();

    expect((await storedLogs(warehouse, project.id)).map((row) => row.message)).toEqual(['after poison']);
    const letters = await waitUntil(
      async () => {
        const all = await listDeadLetters(backends.bus, backends.topics);
        const ours = all.filter((letter) => letter.source.topic === backends.topics.logs);
        return ours.length >= 3 ? ours : undefined;
      },
      10_000,
      'three dead letters',
    );
    // Keys differ, so the letters sit in different partitions: compare them as a set.
    expect(letters.map((letter) => letter.reason).sort()).toEqual(
      ['undecodable: not JSON', `project ${missingProject} not found`, 'invalid log event at index 1'].sort(),
    );
    expect(letters.find((letter) => letter.reason.startsWith('undecodable'))?.preview).toBe('{not json');
  });
});
