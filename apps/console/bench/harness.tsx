// The console's own Chart and RecordsTable, mounted alone so `npm run bench -- console` can time
// their first render in Chromium (bench/console.bench.ts drives it).
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Chart, type ChartData } from '../src/features/explore/Chart';
import { LogList } from '../src/features/logs/LogList';
import type { LogEvent } from '../src/features/logs/queries';
import { MAX_TAIL_ROWS } from '../src/features/logs/useLiveTail';
import { VolumeChart } from '../src/features/logs/VolumeChart';
import { LEVELS, prependNewest } from '../src/features/logs/view';
import { RecordsTable } from '../src/ui/RecordsTable';
import '../src/ui/styles.css';

const host = document.getElementById('root');
if (!host) throw new Error('no #root');
const root = createRoot(host);

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));

/** Milliseconds from render start until the browser painted the result. */
async function timed(render: () => void): Promise<number> {
  flushSync(() => root.render(null));
  await nextFrame();
  const started = performance.now();
  flushSync(render);
  await nextFrame();
  return performance.now() - started;
}

function chart(points: number): ChartData {
  const start = Date.UTC(2026, 11, 1) / 1000;
  const x = Array.from({ length: points }, (_v, index) => start + index * 60);
  return {
    kind: 'lines',
    x,
    series: [{ label: 'count', values: x.map((_v, index) => Math.round(50 + 40 * Math.sin(index / 50))) }],
  };
}

function rows(count: number) {
  return Array.from({ length: count }, (_v, index) => ({
    timestamp: new Date(Date.UTC(2026, 11, 1) + index * 1000).toISOString(),
    country: ['RO', 'US', 'DE', 'FR'][index % 4],
    plan: index % 3 === 0 ? 'pro' : 'free',
    amount: (index * 7.31) % 500,
    active: index % 2 === 0,
    user_id: `user-${index}`,
  }));
}

let sequence = 0;
/** Log events as the API answers them, newest first from `start` backwards, a second apart. */
function logEvents(count: number, start = Date.UTC(2026, 11, 1)): LogEvent[] {
  return Array.from({ length: count }, (_v, index) => {
    const id = sequence++;
    const time = new Date(start - index * 1_000).toISOString();
    return {
      id: `0-${id}-0`,
      timestamp: time,
      level: LEVELS[id % 4] ?? 'info',
      message: `request ${id} answered in ${id % 500} ms for user ${id % 97}`,
      metadata: { userId: id % 97, path: '/api/orders', ms: id % 500 },
      env: 'prod',
      source: 'api',
      traceId: `req_${id}`,
      ingestedAt: time,
    };
  });
}

/** The explorer's volume over `events` in 120 buckets, as the API would answer it. */
function volume(events: number) {
  const per = Math.floor(events / 120 / 4);
  const buckets = Array.from({ length: 120 }, (_v, index) => ({
    start: new Date(Date.UTC(2026, 11, 1) + index * 60_000).toISOString(),
    debug: String(per),
    info: String(per),
    warn: String(per),
    error: String(per),
  }));
  return { bucketSeconds: 60, buckets, total: String(per * 480) };
}

/** The explorer's chart and list, mounted with `count` events in range. */
function Explorer({ events }: { events: LogEvent[] }) {
  return (
    <>
      <VolumeChart volume={volume(events.length)} onZoom={() => undefined} />
      <LogList events={events} label="bench" />
    </>
  );
}

/** Frames (requestAnimationFrame) while `work` runs: how many, and how many came late (> 2 × 16.7 ms). */
async function frames(work: () => Promise<void>) {
  let count = 0;
  let late = 0;
  let last = performance.now();
  let running = true;
  const tick = (now: number) => {
    count++;
    if (now - last > 33.4) late++;
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  await work();
  running = false;
  return { frames: count, dropped: late };
}

/** Scrolls the list row by row (one row height a frame, in pages of 40) through `rows` rows. */
async function scrollRows(rows: number) {
  const list = document.querySelector<HTMLElement>('.log-list');
  if (!list) throw new Error('mount the explorer first');
  const started = performance.now();
  const result = await frames(async () => {
    for (let top = 0; top < rows * 28; top += 40 * 28) {
      list.scrollTop = top;
      await nextFrame();
    }
  });
  const shown = list.querySelectorAll('li').length;
  return { ms: performance.now() - started, ...result, rowsInDom: shown };
}

/** The live list fed `perSecond` events a second in batches every 100 ms, as the tail delivers them. */
function LiveFeed(props: { perSecond: number }) {
  const [events, setEvents] = useState<LogEvent[]>([]);
  useEffect(() => {
    const timer = setInterval(() => {
      const arrived = logEvents(props.perSecond / 10, Date.now()).reverse();
      setEvents((current) => prependNewest(current, arrived, MAX_TAIL_ROWS));
    }, 100);
    return () => clearInterval(timer);
  }, [props.perSecond]);
  return <LogList events={events} label="bench live" />;
}

const heap = () =>
  (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

async function liveTail(perSecond: number, seconds: number) {
  flushSync(() => root.render(null));
  const before = heap();
  flushSync(() => root.render(<LiveFeed perSecond={perSecond} />));
  const samples: number[] = [];
  const result = await frames(async () => {
    for (let second = 0; second < seconds; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      samples.push(heap());
    }
  });
  const rows = document.querySelector('.log-list')?.getAttribute('data-rows');
  flushSync(() => root.render(null));
  return { ...result, heapBefore: before, heapSamples: samples, rows: Number(rows) };
}

Object.assign(window, {
  renderExplorer: (count: number) => {
    const events = logEvents(count);
    return timed(() => root.render(<Explorer events={events} />));
  },
  scrollRows,
  liveTail,
  renderChart: (points: number) => timed(() => root.render(<Chart data={chart(points)} title="bench" />)),
  renderTable: (count: number) =>
    timed(() => root.render(<RecordsTable rows={rows(count)} caption="bench" />)),
});
