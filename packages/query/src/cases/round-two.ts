import { JUNE, june, type QueryCase } from './dataset.ts';

const byCountry = (item: Record<string, unknown>): Record<string, unknown> => ({
  range: JUNE,
  select: [{ field: 'country' }, { ...item, as: 'value' }],
  groupBy: ['country'],
});
const counted = (groupBy: unknown[], range: Record<string, unknown> = JUNE): Record<string, unknown> => ({
  range,
  select: [{ aggregate: 'count', as: 'events' }],
  groupBy,
});
/** Three days around the fixture's first records, so filled days sit before, between and after them. */
const JUNE_9_TO_12 = { from: '2026-06-09T00:00:00Z', to: '2026-06-12T23:59:59.999Z' };

/** The second round of the language: operators, aggregates, buckets, fill, ranges, order and totals. */
export const ROUND_TWO_CASES: QueryCase[] = [
  {
    name: 'containsIgnoreCase ignores ASCII case',
    body: june({ where: { field: 'plan', op: 'containsIgnoreCase', value: 'PR' } }),
  },
  {
    name: 'containsIgnoreCase folds non-ASCII letters',
    body: june({ where: { field: 'plan', op: 'containsIgnoreCase', value: 'ÜNÏ' } }),
  },
  { name: 'endsWith', body: june({ where: { field: 'country', op: 'endsWith', value: 'S' } }) },
  {
    name: 'matches an anchored alternation',
    body: june({ where: { field: 'plan', op: 'matches', value: '^(pro|team)$' } }),
  },
  {
    name: 'matches with an RE2 inline flag',
    body: june({ where: { field: 'plan', op: 'matches', value: '(?i)^FR' } }),
  },
  { name: 'stddev', body: byCountry({ aggregate: 'stddev', field: 'amount' }) },
  {
    name: 'topk without groups',
    body: { range: JUNE, select: [{ aggregate: 'topk', field: 'plan', args: { k: 2 }, as: 'plans' }] },
  },
  {
    name: 'histogram without groups',
    body: {
      range: JUNE,
      select: [{ aggregate: 'histogram', field: 'amount', args: { bins: 2 }, as: 'bins' }],
    },
  },
  {
    name: 'count where a condition holds',
    body: byCountry({ aggregate: 'count', where: { field: 'active', op: 'eq', value: true } }),
  },
  {
    name: 'sum where a condition holds',
    body: byCountry({
      aggregate: 'sum',
      field: 'amount',
      where: { field: 'plan', op: 'in', value: ['pro'] },
    }),
  },
  { name: 'bucket width of 6 hours', body: counted([{ bucket: '6h', as: 'period' }], JUNE_9_TO_12) },
  { name: 'bucket width of 15 minutes', body: counted([{ bucket: '15m', as: 'period' }], JUNE_9_TO_12) },
  {
    name: 'day bucket in a time zone',
    body: counted([{ bucket: 'day', as: 'period', timeZone: 'Asia/Kolkata' }], JUNE_9_TO_12),
  },
  {
    name: 'week bucket in a time zone',
    body: counted([{ bucket: 'week', as: 'period', timeZone: 'America/New_York' }]),
  },
  {
    name: 'month bucket in a time zone',
    body: counted([{ bucket: 'month', as: 'period', timeZone: 'Europe/Bucharest' }]),
  },
  {
    name: 'fill empty days with zero',
    body: {
      range: JUNE_9_TO_12,
      select: [
        { aggregate: 'count', as: 'events' },
        { aggregate: 'sum', field: 'amount', as: 'revenue' },
      ],
      groupBy: [{ bucket: 'day', as: 'day', fill: true }],
    },
  },
  {
    name: 'fill empty days within each country',
    body: {
      range: { from: '2026-06-10T00:00:00Z', to: '2026-06-11T23:59:59.999Z' },
      select: [{ field: 'country' }, { aggregate: 'count', as: 'events' }],
      groupBy: ['country', { bucket: 'day', as: 'day', fill: true }],
    },
  },
  {
    name: 'fill zoned months',
    body: {
      range: { from: '2026-04-15T00:00:00Z', to: '2026-06-30T00:00:00Z' },
      select: [{ aggregate: 'count', as: 'events' }],
      groupBy: [{ bucket: 'month', as: 'month', timeZone: 'Europe/Bucharest', fill: true }],
    },
  },
  {
    // No record in March: fill alone makes the rows. Bucharest moves to summer time on 29 March.
    name: 'fill zoned days across a daylight saving change, with no rows at all',
    body: counted([{ bucket: 'day', as: 'day', timeZone: 'Europe/Bucharest', fill: true }], {
      from: '2026-03-28T00:00:00Z',
      to: '2026-03-30T23:59:59.999Z',
    }),
  },
  {
    name: 'fill a width bucket',
    body: counted([{ bucket: '12h', as: 'period', fill: true }], JUNE_9_TO_12),
  },
  {
    name: 'order by an aggregate that is not selected',
    body: {
      range: JUNE,
      select: [{ field: 'country' }, { aggregate: 'count', as: 'events' }],
      groupBy: ['country'],
      orderBy: [{ aggregate: 'sum', field: 'amount', direction: 'desc' }],
    },
  },
  {
    name: 'order by a conditional count that is not selected',
    body: {
      range: JUNE,
      select: [{ field: 'country' }],
      groupBy: ['country'],
      orderBy: [{ aggregate: 'count', where: { field: 'plan', op: 'eq', value: 'pro' }, direction: 'desc' }],
    },
  },
  {
    name: 'order by a grouped field that is not selected',
    body: {
      range: JUNE,
      select: [{ aggregate: 'count', as: 'events' }],
      groupBy: ['plan'],
      orderBy: [{ field: 'plan', direction: 'desc' }],
    },
  },
  { name: 'a relative range ends at the server clock', body: counted([], { last: '7d' }) },
  { name: 'a relative range in hours', body: counted([], { last: '60h' }) },
  {
    name: 'totals across all groups',
    body: {
      range: JUNE,
      select: [
        { field: 'country' },
        { aggregate: 'count', as: 'events' },
        { aggregate: 'sum', field: 'amount', as: 'revenue' },
        { aggregate: 'uniq', field: 'plan', as: 'plans' },
      ],
      groupBy: ['country'],
      having: { field: 'events', op: 'gte', value: 2 },
      limit: 1,
      totals: true,
    },
  },
];
