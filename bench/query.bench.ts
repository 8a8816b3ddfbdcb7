import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Statement } from '@quarry/query';
import { z } from 'zod';
import { describeCpuSummary } from './lib/cpu-profile.ts';
import { profileInProcess } from './lib/in-process-profile.ts';
import { QUERIES, SCHEMA } from './lib/query-bench-queries.ts';
import { startQueryBench } from './lib/query-bench-setup.ts';
import { loadQueryTree, type QueryTree } from './lib/query-bench-tree.ts';
import { percentile, report } from './lib/report.ts';

/**
 * `npm run bench -- query [rows] [runs] [--profile] [--only shape,shape] [--tree <checkout>]`: every
 * query shape through the API and straight on the engine, interleaved, on one dataset of `rows` rows
 * (default 10 million; 1 million iterates faster). Per shape: both p50s, the difference, the process
 * CPU per query both ways, and where the API's extra time goes (see STAGES). `--tree` runs the API,
 * compiler and engine client of another checkout (e.g. the code before a change) under the same load.
 *
 * At 10M rows one statement takes 0.1–2 s and varies by tens of ms run to run, so the difference of
 * two p50s is mostly the engine's noise. `paired_overhead_p50_ms` is the steadier figure: the median,
 * over API calls, of the call's time minus its own engine statements' time in the same call.
 */
const STAGES = {
  auth: 'the PAT lookup in the catalog',
  catalog: 'the membership and dataset read',
  compile: 'parse and compile of the body (timed apart)',
  engine: "the engine's statements as the API ran them (direct runs the same)",
  client_parse: "the client's JSON.parse of the answer",
  http: 'a GET /healthz round trip (client, server, hono, request context)',
  server: 'the rest: routing, middleware, body read, shaping, serialisation',
} as const;
type Stage = keyof typeof STAGES;

export async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      profile: { type: 'boolean', default: false },
      only: { type: 'string' },
      tree: { type: 'string', default: resolve(import.meta.dirname, '..') },
    },
  });
  const rows = Number(positionals[0] ?? 10_000_000);
  const runs = Number(positionals[1] ?? 30);
  const only = values.only?.split(',');
  const shapes = Object.entries(QUERIES).filter(([name]) => !only || only.includes(name));
  const loadBefore = loadavg()[0] ?? 0;
  const tree = await loadQueryTree(values.tree);
  const bench = await startQueryBench(rows, tree);
  try {
    const figures: Record<string, number | string> = { tree: values.tree, rows, runs_per_query: runs };
    const overheads: number[] = [];
    const pairedOverheads: number[] = [];
    const jsCpuOverheads: number[] = [];
    for (const [name, body] of shapes) {
      const shape = await measureShape(bench, tree, body, runs);
      overheads.push(shape.overhead_p50_ms);
      pairedOverheads.push(shape.paired_overhead_p50_ms);
      jsCpuOverheads.push(shape.api_js_cpu_ms - shape.direct_js_cpu_ms);
      console.log(describe(name, shape));
      for (const [key, value] of Object.entries(shape)) figures[`${name}_${key}`] = round(value);
    }
    overheads.sort((a, b) => a - b);
    figures.overhead_p50_ms = round(percentile(overheads, 0.5));
    figures.overhead_max_ms = round(overheads.at(-1) ?? Number.NaN);
    // The API's own CPU per query (its JavaScript thread's CPU beyond the direct run's), median of shapes.
    figures.js_cpu_overhead_p50_ms = round(
      percentile(
        jsCpuOverheads.sort((a, b) => a - b),
        0.5,
      ),
    );
    figures.shapes_within_5ms = `${overheads.filter((ms) => ms <= 5).length}/${overheads.length}`;
    pairedOverheads.sort((a, b) => a - b);
    figures.paired_overhead_p50_ms = round(percentile(pairedOverheads, 0.5));
    figures.paired_overhead_max_ms = round(pairedOverheads.at(-1) ?? Number.NaN);
    figures.shapes_within_5ms_paired = `${pairedOverheads.filter((ms) => ms <= 5).length}/${pairedOverheads.length}`;
    figures.load_before = round(loadBefore);
    figures.load_after = round(loadavg()[0] ?? 0);
    if (values.profile) {
      const summary = await profileInProcess(async () => {
        for (const [, body] of shapes) for (let run = 0; run < runs; run++) await apiCall(bench, body);
      });
      console.log(`profile (API calls only, not timed): ${summary.totalMs} ms on the JavaScript thread`);
      for (const line of describeCpuSummary(summary)) console.log(line);
    }
    report('query', figures);
  } finally {
    await bench.close();
  }
}

type Bench = Awaited<ReturnType<typeof startQueryBench>>;

/** Direct and API runs interleaved, so both see the same cache and machine state. */
async function measureShape(bench: Bench, tree: QueryTree, body: unknown, runs: number) {
  const { prepareQuery } = tree.query;
  const target = { table: bench.table, schema: SCHEMA, datasetId: bench.datasetId, now: Date.now() };
  const prepared = prepareQuery(body, target);
  if (!prepared.ok) throw new Error(prepared.message);
  const { compiled } = prepared;
  const statement = ({ sql, params, settings }: Statement) =>
    bench.warehouse.query({ name: 'bench.direct', sql, params, settings, schema: AnyRow });
  // Totals are a second statement: the API runs both at once, so the direct path does too.
  const direct = () => Promise.all([statement(compiled), compiled.totals && statement(compiled.totals)]);
  await direct();
  await apiCall(bench, body);
  const samples = {
    direct: [] as number[],
    api: [] as number[],
    paired: [] as number[],
    directCpu: [] as number[],
    apiCpu: [] as number[],
    directJsCpu: [] as number[],
    apiJsCpu: [] as number[],
  };
  const stages: Record<Stage, number[]> = {
    auth: [],
    catalog: [],
    compile: [],
    engine: [],
    client_parse: [],
    http: [],
    server: [],
  };
  let resultRows = 0;
  const directRun = async () => {
    const { ms, cpuMs, jsCpuMs } = await timed(direct);
    samples.direct.push(ms);
    samples.directCpu.push(cpuMs);
    samples.directJsCpu.push(jsCpuMs);
  };
  for (let run = 0; run < runs; run++) {
    // Every other run the API goes first: whatever running second gains or loses cancels out.
    if (run % 2 === 0) await directRun();
    const call = await apiCall(bench, body);
    if (run % 2 === 1) await directRun();
    samples.api.push(call.ms);
    samples.paired.push(call.ms - (call.stages.engine ?? 0));
    samples.apiCpu.push(call.cpuMs);
    samples.apiJsCpu.push(call.jsCpuMs);
    resultRows = call.rows;
    const compile = (await timed(async () => prepareQuery(body, target))).ms;
    const http = (await timed(() => fetch(bench.healthUrl).then((response) => response.text()))).ms;
    const known: Partial<Record<Stage, number>> = {
      ...call.stages,
      compile,
      client_parse: call.parseMs,
      http,
    };
    const accounted = Object.values(known).reduce((sum, ms) => sum + ms, 0);
    for (const stage of Object.keys(stages) as Stage[]) {
      stages[stage].push(stage === 'server' ? call.ms - accounted : (known[stage] ?? 0));
    }
  }
  const p50 = (values: number[]) =>
    percentile(
      values.sort((a, b) => a - b),
      0.5,
    );
  const directP50 = p50(samples.direct);
  const apiP50 = p50(samples.api);
  const stageMedians = Object.fromEntries(
    Object.entries(stages).map(([stage, ms]) => [`${stage}_ms`, p50(ms)]),
  ) as Record<`${Stage}_ms`, number>;
  return {
    direct_p50_ms: directP50,
    api_p50_ms: apiP50,
    overhead_p50_ms: apiP50 - directP50,
    paired_overhead_p50_ms: p50(samples.paired),
    api_p99_ms: percentile(samples.api, 0.99),
    direct_cpu_ms: p50(samples.directCpu),
    api_cpu_ms: p50(samples.apiCpu),
    direct_js_cpu_ms: p50(samples.directJsCpu),
    api_js_cpu_ms: p50(samples.apiJsCpu),
    ...stageMedians,
    result_rows: resultRows,
  };
}

const AnyRow = z.record(z.string(), z.unknown());

/** One query through the API, with the backends' time inside it and the client's parse. */
async function apiCall(bench: Bench, body: unknown) {
  bench.clock.take();
  let parseMs = 0;
  let rows = 0;
  const { ms, cpuMs, jsCpuMs } = await timed(async () => {
    const response = await fetch(bench.queryUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${bench.pat}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${response.status} ${text}`);
    const parsed = performance.now();
    rows = (JSON.parse(text) as { rows: unknown[] }).rows.length;
    parseMs = performance.now() - parsed;
  });
  return { ms, cpuMs, jsCpuMs, parseMs, rows, stages: bench.clock.take() };
}

/**
 * Wall time of one call, this process's CPU time (every thread, chDB's too) and the JavaScript
 * thread's alone: the API's own work (HTTP, catalog, compile, answer) is all on that thread, while
 * the engine's is on chDB's, so the JavaScript thread's CPU is the figure load does not blur.
 */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number; jsCpuMs: number }> {
  const cpu = process.cpuUsage();
  const js = process.threadCpuUsage();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const usedJs = process.threadCpuUsage(js);
  return { ms, cpuMs: (used.user + used.system) / 1000, jsCpuMs: (usedJs.user + usedJs.system) / 1000 };
}

function describe(name: string, shape: Awaited<ReturnType<typeof measureShape>>): string {
  const stages = (Object.keys(STAGES) as Stage[])
    .filter((stage) => stage !== 'engine')
    .map((stage) => `${stage} ${shape[`${stage}_ms`].toFixed(2)}`)
    .join(', ');
  return (
    `${name} (${shape.result_rows} rows): direct ${shape.direct_p50_ms.toFixed(2)} ms, api ` +
    `${shape.api_p50_ms.toFixed(2)} ms, +${shape.overhead_p50_ms.toFixed(2)} ms, paired ` +
    `+${shape.paired_overhead_p50_ms.toFixed(2)} ms (${stages}; engine inside the API ` +
    `${shape.engine_ms.toFixed(2)}); CPU per query direct ${shape.direct_cpu_ms.toFixed(2)} ms, api ` +
    `${shape.api_cpu_ms.toFixed(2)} ms; JavaScript thread direct ${shape.direct_js_cpu_ms.toFixed(2)} ms, api ` +
    `${shape.api_js_cpu_ms.toFixed(2)} ms`
  );
}

const round = (value: number) => Math.round(value * 100) / 100;
