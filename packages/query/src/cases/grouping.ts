import { JUNE, type QueryCase } from './dataset.ts';

const bucket = (unit: string, field?: string): QueryCase => ({
  name: field ? `bucket ${field} by ${unit}` : `bucket by ${unit}`,
  body: {
    range: JUNE,
    select: [{ aggregate: 'count', as: 'events' }],
    groupBy: [{ bucket: unit, as: 'period', ...(field ? { field } : {}) }],
  },
});

const byCountry = { range: JUNE, groupBy: ['country'] };
const countAndRevenue = [
  { field: 'country' },
  { aggregate: 'count', as: 'events' },
  { aggregate: 'sum', field: 'amount', as: 'revenue' },
];

/** Buckets, having, ordering and paging. The contract's own example comes first. */
export const GROUPING_CASES: QueryCase[] = [
  {
    name: 'the contract example',
    body: {
      range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
      select: countAndRevenue,
      groupBy: ['country'],
      orderBy: [{ field: 'events', direction: 'desc' }],
      limit: 100,
    },
  },
  bucket('minute'),
  bucket('hour'),
  bucket('day'),
  bucket('week'),
  bucket('month'),
  bucket('month', 'signup_at'),
  {
    name: 'bucket and field together',
    body: {
      range: JUNE,
      select: [{ field: 'country' }, { aggregate: 'count', as: 'events' }],
      groupBy: [{ bucket: 'day', as: 'day' }, 'country'],
      orderBy: [{ field: 'day', direction: 'asc' }],
    },
  },
  {
    name: 'having on a count',
    body: { ...byCountry, select: countAndRevenue, having: { field: 'events', op: 'gt', value: 1 } },
  },
  {
    name: 'having with and, or, not',
    body: {
      ...byCountry,
      select: countAndRevenue,
      having: {
        or: [
          {
            and: [
              { field: 'events', op: 'gte', value: 2 },
              { field: 'revenue', op: 'lt', value: 100 },
            ],
          },
          { not: { field: 'revenue', op: 'notIn', value: [-3.5] } },
        ],
      },
    },
  },
  {
    name: 'order by a selected field',
    body: { ...byCountry, select: countAndRevenue, orderBy: [{ field: 'country', direction: 'desc' }] },
  },
  {
    name: 'order by an aggregate alias, ties broken by the group key',
    body: { ...byCountry, select: countAndRevenue, orderBy: [{ field: 'events', direction: 'desc' }] },
  },
  {
    name: 'order raw rows by a field',
    body: { range: JUNE, select: [{ field: 'amount' }], orderBy: [{ field: 'amount', direction: 'asc' }] },
  },
  {
    name: 'a plain timestamp field comes back as ISO text',
    body: { range: JUNE, select: [{ field: 'signup_at' }, { field: 'active' }], limit: 3 },
  },
  {
    name: 'grouping without an aggregate lists distinct values',
    body: { range: JUNE, select: [{ field: 'plan' }], groupBy: ['plan'] },
  },
  {
    name: 'limit fetches one extra row',
    body: {
      range: JUNE,
      select: [{ field: 'amount' }],
      orderBy: [{ field: 'amount', direction: 'desc' }],
      limit: 2,
    },
  },
  {
    name: 'offset pages on',
    body: {
      range: JUNE,
      select: [{ field: 'amount' }],
      orderBy: [{ field: 'amount', direction: 'desc' }],
      limit: 2,
      offset: 2,
    },
  },
];
