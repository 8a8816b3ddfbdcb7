import type { LoadResult } from '../lib/http-load.ts';
import type { StreamCheck } from './check.ts';
import type { IntervalLoad } from './load.ts';
import type { MemoryVerdict } from './memory.ts';
import type { ProcessFigures } from './metrics.ts';

export interface ProcessMinute extends ProcessFigures {
  cpu_percent: number;
}

export interface Minute {
  minute: number;
  seconds: number;
  load_avg_1m: number;
  ingest_records_per_s: number;
  target_records_per_s: number;
  datasets: Outcome;
  logs: Outcome;
  queries: Outcome;
  /** Writer group lag in messages (100 records each): at the minute's end, and the most seen in it. */
  lag_messages: number;
  lag_max_messages: number;
  broker_cpu_percent: number;
  processes: Record<string, ProcessMinute>;
}

export interface Outcome {
  ok: number;
  other: Record<number, number>;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export function outcome(result: LoadResult): Outcome {
  return {
    ok: result.accepted,
    other: result.refused,
    p50_ms: result.p50_ms,
    p99_ms: result.p99_ms,
    max_ms: result.max_ms,
  };
}

export function ingestRate(load: IntervalLoad): number {
  return load.datasets.records_per_s + load.logs.records_per_s;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const others = (other: Record<number, number>) => {
  const total = Object.values(other).reduce((sum, count) => sum + count, 0);
  return total === 0 ? '0' : `${total} ${JSON.stringify(other)}`;
};

/** Two lines of totals, then one row per process. */
export function minuteLines(m: Minute, minutes: number): string[] {
  const lines = [
    `minute ${m.minute}/${minutes} (${m.seconds.toFixed(0)} s, load avg ${m.load_avg_1m.toFixed(2)}): ` +
      `ingest ${n(m.ingest_records_per_s)} rec/s of ${n(m.target_records_per_s)} target; ` +
      `datasets 202 ${n(m.datasets.ok)} other ${others(m.datasets.other)} p50 ${ms(m.datasets.p50_ms)} p99 ${ms(m.datasets.p99_ms)} ms; ` +
      `logs 202 ${n(m.logs.ok)} other ${others(m.logs.other)} p50 ${ms(m.logs.p50_ms)} p99 ${ms(m.logs.p99_ms)} ms`,
    `  queries 200 ${n(m.queries.ok)} other ${others(m.queries.other)} p50 ${ms(m.queries.p50_ms)} p99 ${ms(m.queries.p99_ms)} ms; ` +
      `writer lag ${n(m.lag_messages)} msgs (max ${n(m.lag_max_messages)} in the minute); broker CPU ${m.broker_cpu_percent}%`,
    `  ${'process'.padEnd(12)}${['RSS MB', 'heap MB', 'of MB', 'ext MB', 'ELD p50', 'ELD p99', 'CPU %'].map((h) => h.padStart(9)).join('')}`,
  ];
  for (const [name, p] of Object.entries(m.processes)) {
    const cells = [
      p.rss_mb.toFixed(1),
      p.heap_mb.toFixed(1),
      p.heap_total_mb.toFixed(1),
      p.external_mb.toFixed(1),
      ms(p.eld_p50_ms),
      ms(p.eld_p99_ms),
      String(p.cpu_percent),
    ];
    lines.push(`  ${name.padEnd(12)}${cells.map((c) => c.padStart(9)).join('')}`);
  }
  return lines;
}

export function checkLine(stream: string, check: StreamCheck): string {
  return (
    `${stream}: ${check.exactly_once ? 'exactly once' : 'NOT exactly once'}: ${n(check.accepted_requests)} batches ` +
    `(${n(check.accepted_records)} records) answered 202, ${n(check.stored_records)} rows stored; lost ` +
    `${check.lost_batches}, duplicated ${check.duplicated_batches}, partial ${check.partial_batches}; ` +
    `stored though not answered 202: ${check.stored_without_202}`
  );
}

export function memoryLine(name: string, verdict: MemoryVerdict): string {
  const [a, b, c] = verdict.thirds_mb;
  return (
    `${name.padEnd(12)} ${verdict.verdict.toUpperCase().padEnd(18)} RSS by thirds ${a} → ${b} → ${c} MB; ` +
    `slope ${signed(verdict.second_half_mb_per_min)} MB/min over the second half, ` +
    `${signed(verdict.last_third_mb_per_min)} over the last third`
  );
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
