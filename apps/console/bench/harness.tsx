// The console's own Chart and RecordsTable, mounted alone so `npm run bench -- console` can time
// their first render in Chromium (bench/console.bench.ts drives it).
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Chart, type ChartData } from '../src/features/explore/Chart';
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

Object.assign(window, {
  renderChart: (points: number) => timed(() => root.render(<Chart data={chart(points)} title="bench" />)),
  renderTable: (count: number) =>
    timed(() => root.render(<RecordsTable rows={rows(count)} caption="bench" />)),
});
