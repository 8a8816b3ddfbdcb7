import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProcessFigures {
  rss_mb: number;
  heap_mb: number;
  /** The heap V8 has reserved (used + free): what the heap itself holds of RSS. */
  heap_total_mb: number;
  /** Memory outside the JS heap that V8 knows of: Buffers, ArrayBuffers. */
  external_mb: number;
  /** Event-loop delay percentiles since the previous reading, as prom-client measures them. */
  eld_p50_ms: number;
  eld_p99_ms: number;
}

/** `name{labels} value` lines of the Prometheus text format; the first sample of each name. */
export function parsePrometheus(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{.*\})?\s+(\S+)/.exec(line);
    if (match?.[1] && !values.has(match[1])) values.set(match[1], Number(match[2]));
  }
  return values;
}

/**
 * One app's figures from its /metrics. prom-client resets its event-loop histogram on every
 * scrape, so scraping once a minute gives that minute's percentiles.
 */
export async function scrapeApp(url: string): Promise<ProcessFigures> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  const values = parsePrometheus(await response.text());
  const get = (name: string) => values.get(name) ?? Number.NaN;
  return {
    rss_mb: round(get('process_resident_memory_bytes') / 2 ** 20),
    heap_mb: round(get('nodejs_heap_size_used_bytes') / 2 ** 20),
    heap_total_mb: round(get('nodejs_heap_size_total_bytes') / 2 ** 20),
    external_mb: round(get('nodejs_external_memory_bytes') / 2 ** 20),
    eld_p50_ms: round(get('nodejs_eventloop_lag_p50_seconds') * 1000),
    eld_p99_ms: round(get('nodejs_eventloop_lag_p99_seconds') * 1000),
  };
}

/** The same figures for this process, measured the way prom-client does (10 ms resolution). */
export function selfMonitor(): () => ProcessFigures {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return () => {
    const memory = process.memoryUsage();
    const figures = {
      rss_mb: round(memory.rss / 2 ** 20),
      heap_mb: round(memory.heapUsed / 2 ** 20),
      heap_total_mb: round(memory.heapTotal / 2 ** 20),
      external_mb: round(memory.external / 2 ** 20),
      eld_p50_ms: round(delay.percentile(50) / 1e6),
      eld_p99_ms: round(delay.percentile(99) / 1e6),
    };
    delay.reset();
    return figures;
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
