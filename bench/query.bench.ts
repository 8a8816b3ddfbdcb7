import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalog } from '@quarry/catalog';
import { startControlApi } from '@quarry/control-api';
import { bootstrapInstallation, catalogDb, createDataset, registerSchema } from '@quarry/control-plane';
import { createCounters } from '@quarry/counters';
import { createLogger } from '@quarry/observability';
import { datasetTableName } from '@quarry/pipeline';
import { prepareQuery, type Statement } from '@quarry/query';
import type { DatasetSchema } from '@quarry/schema';
import { createWarehouse } from '@quarry/warehouse';
import { z } from 'zod';
import { COMMON_QUERIES, WEEK } from './lib/query-shapes.ts';
import { percentile, report } from './lib/report.ts';

// `npm run bench -- query [rows] [runs]`: the same five queries through the API and straight on the
// engine, on one dataset of `rows` rows (default 10 million), in one process (control API + chDB).
const SCHEMA: DatasetSchema = {
  fields: {
    country: 'string',
    plan: 'string',
    user_id: 'string',
    amount: 'number',
    active: 'boolean',
    signup_at: 'timestamp',
  },
};

const QUERIES: Record<string, unknown> = {
  ...COMMON_QUERIES,
  percentile: {
    range: WEEK,
    select: [
      { field: 'country' },
      { aggregate: 'p95', field: 'amount', as: 'p95' },
      { aggregate: 'p50', field: 'amount', as: 'p50' },
    ],
    groupBy: ['country'],
    limit: 100,
  },
  // The second round of the language: conditional, spread and list aggregates, a regular expression,
  // a filled width bucket, zoned days, and totals (a second statement on both paths).
  conditional: {
    range: WEEK,
    select: [
      { field: 'country' },
      { aggregate: 'count', as: 'active_events', where: { field: 'active', op: 'eq', value: true } },
      { aggregate: 'sum', field: 'amount', as: 'pro', where: { field: 'plan', op: 'eq', value: 'pro' } },
      { aggregate: 'stddev', field: 'amount', as: 'spread' },
    ],
    groupBy: ['country'],
    limit: 100,
  },
  topk_histogram: {
    range: WEEK,
    select: [
      { field: 'country' },
      { aggregate: 'topk', field: 'plan', args: { k: 3 }, as: 'plans' },
      { aggregate: 'histogram', field: 'amount', args: { bins: 10 }, as: 'amounts' },
    ],
    groupBy: ['country'],
    limit: 100,
  },
  matches: {
    range: WEEK,
    select: [{ aggregate: 'count', as: 'events' }],
    where: { field: 'user_id', op: 'matches', value: '^user_1[0-9]{2}$' },
  },
  filled: {
    range: WEEK,
    select: [{ aggregate: 'count', as: 'events' }],
    groupBy: [{ bucket: '15m', as: 'quarter', fill: true }],
    limit: 1000,
  },
  zoned_days: {
    range: WEEK,
    select: [{ field: 'plan' }, { aggregate: 'count', as: 'events' }],
    groupBy: [{ bucket: 'day', as: 'day', timeZone: 'Europe/Bucharest' }, 'plan'],
    limit: 100,
  },
  totals: {
    range: WEEK,
    select: [
      { field: 'plan' },
      { aggregate: 'count', as: 'events' },
      { aggregate: 'uniq', field: 'user_id', as: 'users' },
    ],
    groupBy: ['plan'],
    totals: true,
    limit: 100,
  },
  high_cardinality: {
    range: WEEK,
    select: [{ field: 'user_id' }, { aggregate: 'count', as: 'events' }],
    groupBy: ['user_id'],
    orderBy: [{ field: 'events', direction: 'desc' }],
    limit: 100,
  },
};

export async function main(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 10_000_000);
  const runs = Number(args[1] ?? 30);
  const dir = await mkdtemp(join(tmpdir(), 'quarry-bench-query-'));
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const catalog = await createCatalog({ kind: 'embedded', dataDir: join(dir, 'catalog') });
  await catalog.migrate();
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: join(dir, 'warehouse') });
  const counters = createCounters({ kind: 'memory' });
  const api = await startControlApi(
    {
      logger,
      catalog,
      warehouse,
      counters,
      signingKeyEncryptionKey: Buffer.alloc(32, 7),
      destinationKey: Buffer.alloc(32, 8),
    },
    { port: 0, host: '127.0.0.1' },
  );
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

    const figures: Record<string, number | string> = { rows };
    const apiAll: number[] = [];
    const directAll: number[] = [];
    for (const [name, body] of Object.entries(QUERIES)) {
      const prepared = prepareQuery(body, { table, schema: SCHEMA, datasetId: dataset.id, now: Date.now() });
      if (!prepared.ok) throw new Error(`${name}: ${prepared.message}`);
      const { compiled } = prepared;
      const statement = ({ sql, params, settings }: Statement) =>
        warehouse.query({
          name: 'bench.direct',
          sql,
          params,
          settings,
          schema: z.record(z.string(), z.unknown()),
        });
      // Totals are a second statement: the API runs both at once, so the direct path does too.
      const direct = () => Promise.all([statement(compiled), compiled.totals && statement(compiled.totals)]);
      const viaApi = async () => {
        const response = await fetch(`${api.server.url}/api/datasets/bench/${dataset.id}/query`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin.pat}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status !== 200) throw new Error(`${name}: ${response.status} ${await response.text()}`);
        await response.json();
      };
      await direct();
      await viaApi();
      // Interleaved, so both paths see the same cache and machine state.
      const apiTimes: number[] = [];
      const directTimes: number[] = [];
      for (let run = 0; run < runs; run++) {
        directTimes.push(await timed(direct));
        apiTimes.push(await timed(viaApi));
      }
      apiTimes.sort((a, b) => a - b);
      directTimes.sort((a, b) => a - b);
      apiAll.push(...apiTimes);
      directAll.push(...directTimes);
      figures[`${name}_api_p50_ms`] = round(percentile(apiTimes, 0.5));
      figures[`${name}_direct_p50_ms`] = round(percentile(directTimes, 0.5));
      figures[`${name}_overhead_p50_ms`] = round(percentile(apiTimes, 0.5) - percentile(directTimes, 0.5));
    }
    apiAll.sort((a, b) => a - b);
    directAll.sort((a, b) => a - b);
    const overheads = Object.keys(QUERIES).map((name) => Number(figures[`${name}_overhead_p50_ms`]));
    report('query', {
      ...figures,
      api_p50_ms: round(percentile(apiAll, 0.5)),
      api_p99_ms: round(percentile(apiAll, 0.99)),
      direct_p50_ms: round(percentile(directAll, 0.5)),
      direct_p99_ms: round(percentile(directAll, 0.99)),
      overhead_p50_ms: round(overheads.sort((a, b) => a - b)[Math.floor(overheads.length / 2)] ?? Number.NaN),
      runs_per_query: runs,
    });
  } finally {
    await api.stop();
    await warehouse.close();
    await catalog.close();
    await counters.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const round = (value: number) => Math.round(value * 100) / 100;
