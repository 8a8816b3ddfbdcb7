import { datasetTableName } from '@quarry/pipeline';
import { COMMON_QUERIES, WEEK } from '../lib/query-shapes.ts';

/** Four shapes sent in turn: a grouped day, a filtered week, hourly buckets, percentiles per city. */
export const QUERY_SHAPES: unknown[] = [
  ...Object.values(COMMON_QUERIES),
  {
    range: WEEK,
    select: [{ field: 'city' }, { aggregate: 'p95', field: 'amount', as: 'p95' }],
    groupBy: ['city'],
    orderBy: [{ field: 'p95', direction: 'desc' }],
    limit: 100,
  },
];

/**
 * The fixed data set the control API's own table is filled with before it starts: `rows` rows over
 * the week the shapes ask about (the writer's rows go to the writer's chDB directory, not here).
 */
export function seedStatement(datasetId: number, rows: number) {
  return {
    name: 'soak.seed',
    sql: `INSERT INTO \`${datasetTableName(datasetId)}\` (timestamp, context, __traceId, __ingestedAt,
        __sourcePartition, __sourceOffset, __sourceIndex, country, plan, amount, active, signup_at, city,
        items, coupon, batch)
      SELECT toDateTime64('2026-06-08 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * 604800000, {rows:UInt64})),
        '{}', 'seed', now64(3), 0, number, 0,
        ['RO','US','DE','FR','GB','IT','ES','NL'][number % 8 + 1], ['free','pro','team'][number % 3 + 1],
        (cityHash64(number, 1) % 20000) / 100, number % 2 = 0, toDateTime64('2026-01-01 00:00:00', 3, 'UTC'),
        concat('city-', toString(number % 97)), number % 11, number % 5 = 0, 0
      FROM numbers({rows:UInt64})`,
    params: { rows },
  };
}
