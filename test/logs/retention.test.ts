import { LOGS_TABLE_DDL } from '@quarry/pipeline';
import { tempDir } from '@quarry/testkit';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { chTime } from '../src/logs.ts';

let warehouse: Warehouse;
const DAY = 24 * 60 * 60_000;

beforeAll(async () => {
  warehouse = createWarehouse({ kind: 'embedded', dataDir: await tempDir('logs-retention') });
  await warehouse.command({ name: 'test.logs_table', sql: LOGS_TABLE_DDL });
});
afterAll(async () => {
  await warehouse?.close();
});

const row = (message: string, timestamp: Date, retentionDays: number, offset: number) => ({
  project_id: 1,
  timestamp: chTime(timestamp),
  level: 'info',
  message,
  metadata: '{}',
  env: '',
  source: '',
  trace_id: 'req_ttl',
  ingested_at: new Date().toISOString(),
  retention_days: retentionDays,
  __sourcePartition: 0,
  __sourceOffset: offset,
  __sourceIndex: 0,
});

const messages = async () =>
  (
    await warehouse.query({
      name: 'test.messages',
      sql: 'SELECT message FROM logs ORDER BY message',
      schema: z.object({ message: z.string() }),
    })
  ).map((r) => r.message);

it('drops each row once it is older than its own retention_days, and keeps the rest', async () => {
  const now = Date.now();
  // Expires two seconds from now under a 7-day retention: stored at first, gone after a merge.
  await warehouse.insert({
    table: 'logs',
    rows: [
      row('expiring', new Date(now - 7 * DAY + 2_000), 7, 1),
      row('fresh, 7 days', new Date(now - 60_000), 7, 2),
      row('8 days old, 30 days', new Date(now - 8 * DAY), 30, 3),
    ],
  });
  expect(await messages()).toEqual(['8 days old, 30 days', 'expiring', 'fresh, 7 days']);

  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await warehouse.command({ name: 'test.optimize', sql: 'OPTIMIZE TABLE logs FINAL' });
  expect(await messages()).toEqual(['8 days old, 30 days', 'fresh, 7 days']);

  // A row already past its retention when it arrives (a client sent an old timestamp) is not kept.
  await warehouse.insert({ table: 'logs', rows: [row('8 days old, 7 days', new Date(now - 8 * DAY), 7, 4)] });
  await warehouse.command({ name: 'test.optimize', sql: 'OPTIMIZE TABLE logs FINAL' });
  expect(await messages()).toEqual(['8 days old, 30 days', 'fresh, 7 days']);
});
