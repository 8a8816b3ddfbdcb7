import { JUNE, type QueryCase } from './dataset.ts';

const aggregate = (name: string, item: Record<string, unknown>): QueryCase => ({
  name,
  body: { range: JUNE, select: [{ field: 'country' }, { ...item, as: 'value' }], groupBy: ['country'] },
});

/** One case per aggregate, grouped by country so each shows several groups. */
export const AGGREGATE_CASES: QueryCase[] = [
  aggregate('count of records', { aggregate: 'count' }),
  aggregate('count of a field', { aggregate: 'count', field: 'plan' }),
  aggregate('sum', { aggregate: 'sum', field: 'amount' }),
  aggregate('avg', { aggregate: 'avg', field: 'amount' }),
  aggregate('min of a number', { aggregate: 'min', field: 'amount' }),
  aggregate('max of a number', { aggregate: 'max', field: 'amount' }),
  aggregate('min of a timestamp', { aggregate: 'min', field: 'signup_at' }),
  aggregate('max of the record timestamp', { aggregate: 'max', field: 'timestamp' }),
  aggregate('uniq', { aggregate: 'uniq', field: 'plan' }),
  aggregate('p50', { aggregate: 'p50', field: 'amount' }),
  aggregate('p90', { aggregate: 'p90', field: 'amount' }),
  aggregate('p95', { aggregate: 'p95', field: 'amount' }),
  aggregate('p99', { aggregate: 'p99', field: 'amount' }),
  aggregate('percentile', { aggregate: 'percentile', field: 'amount', args: { p: 0.25 } }),
  {
    name: 'aggregates without groupBy give one row',
    body: {
      range: JUNE,
      select: [
        { aggregate: 'count', as: 'events' },
        { aggregate: 'sum', field: 'amount', as: 'revenue' },
        { aggregate: 'uniq', field: 'country', as: 'countries' },
      ],
    },
  },
  {
    name: 'an aggregate over no rows',
    body: {
      range: { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' },
      select: [
        { aggregate: 'count', as: 'events' },
        { aggregate: 'sum', field: 'amount', as: 'revenue' },
        { aggregate: 'avg', field: 'amount', as: 'mean' },
        { aggregate: 'min', field: 'amount', as: 'smallest' },
        { aggregate: 'max', field: 'timestamp', as: 'latest' },
      ],
    },
  },
];
