import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { percentile, report } from './lib/report.ts';

// `npm run bench -- console [runs] [--tail-seconds=300]`: the console's initial JavaScript (gzipped,
// as served); the time its chart and table take to render 10,000 points and 1,000 rows in Chromium;
// the log explorer's first render with 100,000 events in range, a scroll through 10,000 rows, and its
// live list fed 1,000 events/s for --tail-seconds: frames dropped and the JS heap along the way.
const CONSOLE = resolve(import.meta.dirname, '../apps/console');
const HARNESS = resolve(import.meta.dirname, '../test-output/console-bench');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function vite(args: string[]) {
  execFileSync(
    process.execPath,
    [join(CONSOLE, 'node_modules/vite/bin/vite.js'), ...args, '--logLevel', 'warn'],
    {
      cwd: CONSOLE,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
}

/** Every script and stylesheet index.html loads before the first render, gzipped at level 9. */
function initialBytes(dist: string): { js: number; css: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (match) => match[1] ?? '',
  );
  const gzipped = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  const sum = (ext: string) =>
    files.filter((file) => file.endsWith(ext)).reduce((total, file) => total + gzipped(file), 0);
  return { js: sum('.js'), css: sum('.css') };
}

interface Frames {
  frames: number;
  dropped: number;
}

export async function main(args: string[]): Promise<void> {
  const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const runs = Number(args.find((arg) => !arg.startsWith('--')) ?? 7);
  const tailSeconds = Number(flag('tail-seconds') ?? 300);
  vite(['build']);
  const { js, css } = initialBytes(join(CONSOLE, 'dist'));
  vite(['build', '--config', 'bench/vite.config.ts']);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Served from disk through the browser's router: no server, no port.
    await page.route('http://bench.invalid/**', (route) => {
      const file = join(HARNESS, new URL(route.request().url()).pathname);
      return route.fulfill({
        body: readFileSync(file),
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      });
    });
    await page.goto('http://bench.invalid/harness.html');
    await page.waitForFunction('typeof window.renderTable === "function"');
    const time = async (call: string) => {
      const samples: number[] = [];
      for (let run = 0; run < runs + 1; run++) samples.push(Number(await page.evaluate(call)));
      return samples.slice(1).sort((a, b) => a - b); // the first run warms the JIT
    };
    const chartMs = await time('window.renderChart(10000)');
    const tableMs = await time('window.renderTable(1000)');
    const explorerMs = await time('window.renderExplorer(100000)');
    const scroll = (await page.evaluate('window.scrollRows(10000)')) as Frames & {
      ms: number;
      rowsInDom: number;
    };
    console.log(`console: live tail at 1,000 events/s for ${tailSeconds} s…`);
    const tail = (await page.evaluate(`window.liveTail(1000, ${tailSeconds})`)) as Frames & {
      heapBefore: number;
      heapSamples: number[];
      rows: number;
    };
    const gcExposed = Boolean(await page.evaluate('typeof window.gc === "function"'));
    const mb = (bytes: number | undefined) => Math.round(((bytes ?? 0) / 2 ** 20) * 10) / 10;
    // Flat, not growing: once the kept rows are full (5 s at 1,000/s), the last sample against it.
    const full = tail.heapSamples[Math.min(9, tail.heapSamples.length - 1)];
    report('console', {
      initial_js_gzip_kb: Math.round((js / 1024) * 10) / 10,
      initial_css_gzip_kb: Math.round((css / 1024) * 10) / 10,
      chart_10k_points_p50_ms: Math.round(percentile(chartMs, 0.5)),
      chart_10k_points_max_ms: Math.round(chartMs.at(-1) ?? Number.NaN),
      table_1k_rows_p50_ms: Math.round(percentile(tableMs, 0.5)),
      table_1k_rows_max_ms: Math.round(tableMs.at(-1) ?? Number.NaN),
      explorer_100k_events_first_render_p50_ms: Math.round(percentile(explorerMs, 0.5)),
      explorer_100k_events_first_render_max_ms: Math.round(explorerMs.at(-1) ?? Number.NaN),
      explorer_scroll_10k_rows_ms: Math.round(scroll.ms),
      explorer_scroll_frames: scroll.frames,
      explorer_scroll_frames_dropped: scroll.dropped,
      explorer_scroll_rows_in_dom: scroll.rowsInDom,
      tail_seconds: tailSeconds,
      tail_events_per_second: 1_000,
      tail_frames: tail.frames,
      tail_frames_dropped: tail.dropped,
      tail_rows_kept: tail.rows,
      tail_heap_after_full_gc: gcExposed ? 'yes' : 'no',
      tail_heap_before_mb: mb(tail.heapBefore),
      tail_heap_at_10s_mb: mb(full),
      tail_heap_last_mb: mb(tail.heapSamples.at(-1)),
      tail_heap_max_mb: mb(Math.max(...tail.heapSamples)),
      tail_heap_last_vs_10s: Math.round(((tail.heapSamples.at(-1) ?? 0) / (full ?? 1)) * 100) / 100,
      runs,
      load_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    });
  } finally {
    await browser.close();
  }
}
