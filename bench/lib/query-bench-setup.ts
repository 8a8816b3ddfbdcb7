import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalog } from '@quarry/catalog';
import { startControlApi } from '@quarry/control-api';
import { bootstrapInstallation, catalogDb, createDataset, registerSchema } from '@quarry/control-plane';
import { createCounters } from '@quarry/counters';
import { createLogger } from '@quarry/observability';
import { datasetTableName } from '@quarry/pipeline';
import { createWarehouse } from '@quarry/warehouse';
import { SCHEMA } from './query-bench-queries.ts';
import { timedBackends } from './query-stages.ts';
import { SpanClock } from './span-clock.ts';

/**
 * One process with the control API (embedded catalog and chDB, as `npm start` runs them) and one
 * dataset of `rows` rows spread over a week. The API's backends are timed on `clock`; `warehouse`
 * is the untimed one, for the direct statements.
 */
export async function startQueryBench(rows: number) {
  const dir = await mkdtemp(join(tmpdir(), 'quarry-bench-query-'));
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const catalog = await createCatalog({ kind: 'embedded', dataDir: join(dir, 'catalog') });
  await catalog.migrate();
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: join(dir, 'warehouse') });
  const counters = createCounters({ kind: 'memory' });
  const clock = new SpanClock();
  const api = await startControlApi(
    {
      logger,
      ...timedBackends(catalog, warehouse, clock),
      counters,
      signingKeyEncryptionKey: Buffer.alloc(32, 7),
      destinationKey: Buffer.alloc(32, 8),
    },
    { port: 0, host: '127.0.0.1' },
  );
  const close = async () => {
    await api.stop();
    await warehouse.close();
    await catalog.close();
    await counters.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const admin = await bootstrapInstallation(api.services, {
      email: 'bench@quarry.local',
      projectSlug: 'bench',
    });
    const [user] = await catalogDb(catalog).query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
      admin.email,
    ]);
    const ctx = { deps: api.services, actor: { userId: Number(user?.id) } };
    const dataset = await createDataset(ctx, 'bench', { name: 'Orders' });
    await registerSchema(ctx, 'bench', dataset.id, SCHEMA);
    const table = datasetTableName(dataset.id);
    console.log(`filling ${table} with ${rows.toLocaleString()} rows over 7 days…`);
    const filled = performance.now();
    await warehouse.command({
      name: 'bench.fill',
      sql: `INSERT INTO \`${table}\` (timestamp, context, __traceId, __ingestedAt, __sourcePartition, __sourceOffset, __sourceIndex, country, plan, user_id, amount, active, signup_at)
        SELECT toDateTime64('2026-06-08 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * 604800000, {rows:UInt64})),
          '{}', 'bench', now64(3), 0, number, 0,
          ['RO','US','DE','FR','GB','IT','ES','NL'][number % 8 + 1], ['free','pro','team'][number % 3 + 1],
          concat('user_', toString(cityHash64(number) % 200000)), (cityHash64(number, 1) % 20000) / 100, number % 2 = 0,
          toDateTime64('2026-01-01 00:00:00', 3, 'UTC')
        FROM numbers({rows:UInt64})`,
      params: { rows },
    });
    console.log(`filled in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
    const queryUrl = `${api.server.url}/api/datasets/bench/${dataset.id}/query`;
    const healthUrl = `${api.server.url}/healthz`;
    return { warehouse, clock, table, datasetId: dataset.id, pat: admin.pat, queryUrl, healthUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
