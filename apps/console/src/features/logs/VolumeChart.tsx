import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Schemas } from '../../api/client';
import { valuesFromZero } from '../../ui/chart-scale';
import { formatCount } from '../../ui/primitives';
import { LEVELS } from './view';

export const LEVEL_COLORS = { debug: '#6e7781', info: '#1f6feb', warn: '#9a6700', error: '#d1242f' };
type Volume = Schemas['LogVolume'];

/**
 * Log volume over the whole range, stacked by level, on canvas (uPlot). Each series is drawn as the
 * running total up to its level, the topmost first, so the bars stack; the legend shows own counts.
 * Dragging across it zooms the range (the range controls do the same by keyboard).
 */
export function VolumeChart(props: { volume: Volume; onZoom: (from: Date, to: Date) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const onZoom = useRef(props.onZoom);
  onZoom.current = props.onZoom;
  const { volume } = props;
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const x = volume.buckets.map((bucket) => Date.parse(bucket.start) / 1_000);
    const own = LEVELS.map((level) => volume.buckets.map((bucket) => Number(bucket[level])));
    const stacked = own.map((_values, index) =>
      x.map((_t, bucket) => own.slice(0, index + 1).reduce((sum, values) => sum + (values[bucket] ?? 0), 0)),
    );
    const order = [...LEVELS.keys()].reverse();
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: 180,
      cursor: { drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      // A bar starts at its bucket's start and spans the bucket (align 1): the scale runs to the end
      // of the newest bucket, or its bar, the events of the last seconds, would fall off the plot.
      scales: {
        x: { time: true, range: (_plot, min, max) => [min, max + volume.bucketSeconds] },
        y: { range: valuesFromZero },
      },
      series: [
        {},
        ...order.map((index) => {
          const level = LEVELS[index] ?? 'info';
          return {
            label: level,
            fill: LEVEL_COLORS[level],
            stroke: LEVEL_COLORS[level],
            width: 0,
            paths: uPlot.paths.bars?.({ size: [0.9, 40], align: 1 }),
            points: { show: false },
            value: (_self: uPlot, _value: number, _series: number, bucket: number | null) =>
              bucket === null ? '' : formatCount(own[index]?.[bucket] ?? 0),
          };
        }),
      ],
      hooks: {
        setSelect: [
          (plot) => {
            if (plot.select.width < 2) return;
            const from = plot.posToVal(plot.select.left, 'x');
            const to = plot.posToVal(plot.select.left + plot.select.width, 'x');
            plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            onZoom.current(new Date(from * 1_000), new Date(to * 1_000));
          },
        ],
      },
    };
    const data = [x, ...order.map((index) => stacked[index] ?? [])] as uPlot.AlignedData;
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(320, element.clientWidth), height: 180 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [volume]);
  const total = formatCount(volume.total);
  return (
    <div
      ref={host}
      className="chart volume"
      role="img"
      aria-label={`Log volume by level: ${total} events in ${volume.buckets.length} buckets of ${volume.bucketSeconds} s`}
      data-total={volume.total}
      data-sum={volume.buckets.reduce(
        (sum, bucket) => sum + LEVELS.reduce((n, level) => n + Number(bucket[level]), 0),
        0,
      )}
    />
  );
}
