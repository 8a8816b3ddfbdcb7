import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { valuesFromZero } from '../../ui/chart-scale';

const BAR_TICK_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

export interface ChartData {
  kind: 'lines' | 'bars';
  /** Seconds for lines; 0..n-1 for bars, named by `labels`. */
  x: number[];
  labels?: string[];
  series: Array<{ label: string; values: number[] }>;
}

/** Draws on canvas with uPlot (about 50 KB): tens of thousands of points stay smooth. */
export function Chart({ data, title }: { data: ChartData; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element || data.x.length === 0) return;
    const bars = data.kind === 'bars';
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: 280,
      // Bar i is centred on x = i: the scale runs half a slot past the first and last so that
      // neither is cut in half at the plot's edges; heights are read from zero.
      scales: bars
        ? { x: { time: false, range: () => [-0.5, data.x.length - 0.5] }, y: { range: valuesFromZero } }
        : { x: { time: true } },
      axes: [
        bars
          ? {
              // Ticks on whole slots only, as many as fit: each under its bar, labelled with its group.
              incrs: BAR_TICK_STEPS,
              values: (_self, ticks) => ticks.map((tick) => data.labels?.[tick] ?? ''),
              gap: 4,
            }
          : {},
        {},
      ],
      series: [
        {},
        ...data.series.map((series, index) => ({
          label: series.label,
          stroke: COLORS[index % COLORS.length],
          fill: bars ? `${COLORS[index % COLORS.length]}99` : undefined,
          width: bars ? 0 : 1.5,
          paths: bars ? uPlot.paths.bars?.({ size: [0.6, 60] }) : undefined,
          points: { show: false },
        })),
      ],
    };
    const plot = new uPlot(options, [data.x, ...data.series.map((series) => series.values)], element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(320, element.clientWidth), height: 280 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data]);
  return <div ref={host} className="chart" role="img" aria-label={title} data-points={data.x.length} />;
}
