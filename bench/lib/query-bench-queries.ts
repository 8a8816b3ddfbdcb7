import type { DatasetSchema } from '@quarry/schema';
import { COMMON_QUERIES, WEEK } from './query-shapes.ts';

// The query bench's dataset and the query shapes it times, each through the API and straight on the engine.
export const SCHEMA: DatasetSchema = {
  fields: {
    country: 'string',
    plan: 'string',
    user_id: 'string',
    amount: 'number',
    active: 'boolean',
    signup_at: 'timestamp',
  },
};

export const QUERIES: Record<string, unknown> = {
  ...COMMON_QUERIES,
  percentile: {
    range: WEEK,
    select: [
      { field: 'country' },
      { aggregate: 'p95', field: 'amount', as: 'p95' },
      { aggregate: 'p50', field: 'amount', as: 'p50' },
    ],
    groupBy: ['country'],
    limit: 100,
  },
  // The second round of the language: conditional, spread and list aggregates, a regular expression,
  // a filled width bucket, zoned days, and totals (a second statement on both paths).
  conditional: {
    range: WEEK,
    select: [
      { field: 'country' },
      { aggregate: 'count', as: 'active_events', where: { field: 'active', op: 'eq', value: true } },
      { aggregate: 'sum', field: 'amount', as: 'pro', where: { field: 'plan', op: 'eq', value: 'pro' } },
      { aggregate: 'stddev', field: 'amount', as: 'spread' },
    ],
    groupBy: ['country'],
    limit: 100,
  },
  topk_histogram: {
    range: WEEK,
    select: [
      { field: 'country' },
      { aggregate: 'topk', field: 'plan', args: { k: 3 }, as: 'plans' },
      { aggregate: 'histogram', field: 'amount', args: { bins: 10 }, as: 'amounts' },
    ],
    groupBy: ['country'],
    limit: 100,
  },
  matches: {
    range: WEEK,
    select: [{ aggregate: 'count', as: 'events' }],
    where: { field: 'user_id', op: 'matches', value: '^user_1[0-9]{2}$' },
  },
  filled: {
    range: WEEK,
    select: [{ aggregate: 'count', as: 'events' }],
    groupBy: [{ bucket: '15m', as: 'quarter', fill: true }],
    limit: 1000,
  },
  zoned_days: {
    range: WEEK,
    select: [{ field: 'plan' }, { aggregate: 'count', as: 'events' }],
    groupBy: [{ bucket: 'day', as: 'day', timeZone: 'Europe/Bucharest' }, 'plan'],
    limit: 100,
  },
  totals: {
    range: WEEK,
    select: [
      { field: 'plan' },
      { aggregate: 'count', as: 'events' },
      { aggregate: 'uniq', field: 'user_id', as: 'users' },
    ],
    groupBy: ['plan'],
    totals: true,
    limit: 100,
  },
  high_cardinality: {
    range: WEEK,
    select: [{ field: 'user_id' }, { aggregate: 'count', as: 'events' }],
    groupBy: ['user_id'],
    orderBy: [{ field: 'events', direction: 'desc' }],
    limit: 100,
  },
};
