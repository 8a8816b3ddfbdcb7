// Query documents both the query benchmark and the soak send; every dataset they use has country,
// plan, amount and active fields.
export const DAY = { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59.999Z' };
export const WEEK = { from: '2026-06-08T00:00:00Z', to: '2026-06-14T23:59:59.999Z' };

/** A grouped day (the contract's example), a filtered week, hourly buckets over a week. */
export const COMMON_QUERIES = {
  seed: {
    range: DAY,
    select: [
      { field: 'country' },
      { aggregate: 'count', as: 'events' },
      { aggregate: 'sum', field: 'amount', as: 'revenue' },
    ],
    groupBy: ['country'],
    orderBy: [{ field: 'events', direction: 'desc' }],
    limit: 100,
  },
  filtered: {
    range: WEEK,
    select: [
      { field: 'plan' },
      { aggregate: 'count', as: 'events' },
      { aggregate: 'avg', field: 'amount', as: 'avg_amount' },
    ],
    where: {
      and: [
        { field: 'country', op: 'in', value: ['RO', 'DE'] },
        { field: 'amount', op: 'gt', value: 50 },
        { field: 'active', op: 'eq', value: true },
      ],
    },
    groupBy: ['plan'],
    limit: 100,
  },
  bucketed: {
    range: WEEK,
    select: [
      { aggregate: 'count', as: 'events' },
      { aggregate: 'sum', field: 'amount', as: 'revenue' },
    ],
    groupBy: [{ bucket: 'hour', as: 'hour' }],
    orderBy: [{ field: 'hour', direction: 'asc' }],
    limit: 1000,
  },
};
