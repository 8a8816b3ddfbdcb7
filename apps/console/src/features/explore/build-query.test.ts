import { describe, expect, it } from 'vitest';
import { bucketStart, fillBuckets, toCsv, toDocument } from './build-query';
import { DEFAULT_STATE, type ExploreState } from './model';

const now = new Date('2026-12-05T12:30:00.000Z');

describe('the explore builder', () => {
  it('writes a time-bucketed count over the last 24 hours as the query language takes it', () => {
    expect(toDocument(DEFAULT_STATE, now)).toEqual({
      range: { from: '2026-12-04T12:30:00.000Z', to: '2026-12-05T12:30:00.000Z' },
      select: [{ aggregate: 'count', as: 'count' }],
      groupBy: [{ bucket: 'hour', as: 'time' }],
      orderBy: [{ field: 'time', direction: 'asc' }],
      limit: 1000,
    });
  });

  it('adds groups, filters, having and a custom range', () => {
    const state: ExploreState = {
      ...DEFAULT_STATE,
      range: 'custom',
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
      bucket: 'none',
      groupBy: ['country'],
      aggregates: [{ aggregate: 'sum', field: 'amount', as: 'revenue' }],
      filters: [{ field: 'active', op: 'eq', value: true }],
      having: [{ field: 'revenue', op: 'gt', value: 10 }],
      order: { field: 'revenue', direction: 'desc' },
    };
    expect(toDocument(state, now)).toEqual({
      range: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' },
      select: [{ field: 'country' }, { aggregate: 'sum', field: 'amount', as: 'revenue' }],
      groupBy: ['country'],
      where: { and: [{ field: 'active', op: 'eq', value: true }] },
      having: { and: [{ field: 'revenue', op: 'gt', value: 10 }] },
      orderBy: [{ field: 'revenue', direction: 'desc' }],
      limit: 1000,
    });
  });

  it('shows empty time buckets as zero, not as gaps', () => {
    const range = { from: '2026-12-05T09:10:00.000Z', to: '2026-12-05T12:30:00.000Z' };
    const rows = [
      { time: '2026-12-05T09:00:00.000Z', count: '3' },
      { time: '2026-12-05T11:00:00.000Z', count: '5' },
    ];
    const chart = fillBuckets(rows, DEFAULT_STATE, range);
    expect(chart.x.map((seconds) => new Date(seconds * 1000).toISOString().slice(11, 13))).toEqual([
      '09',
      '10',
      '11',
      '12',
    ]);
    expect(chart.series).toEqual([{ label: 'count', values: [3, 0, 5, 0] }]);
  });

  it('starts weeks on Monday and months on the first, in UTC', () => {
    const sunday = Date.parse('2026-12-06T23:00:00.000Z');
    expect(new Date(bucketStart(sunday, 'week')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(bucketStart(sunday, 'month')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('quotes CSV cells that need it', () => {
    expect(toCsv([{ a: 'x,y', b: 'say "hi"', c: 1 }])).toBe('a,b,c\n"x,y","say ""hi""",1');
  });
});
