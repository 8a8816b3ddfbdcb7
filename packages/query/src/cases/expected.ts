import type { QueryCase } from './dataset.ts';

/**
 * What shapeResult gives back for each case on FIXTURE_RECORDS, keyed by case name. Read off a run on
 * chDB and checked by hand against the records: counts are strings, sums numbers, times ISO text.
 */
export const EXPECTED: Record<string, NonNullable<QueryCase['expected']>> = {
  'the contract example': {
    rows: [
      { country: 'RO', events: '2', revenue: 62.5 },
      { country: 'US', events: '1', revenue: 5 },
    ],
    truncated: false,
  },
  'bucket by minute': {
    rows: [
      { period: '2026-06-10T08:15:00.000Z', events: '1' },
      { period: '2026-06-10T08:45:00.000Z', events: '1' },
      { period: '2026-06-10T23:59:00.000Z', events: '1' },
      { period: '2026-06-11T00:00:00.000Z', events: '1' },
      { period: '2026-06-12T10:00:00.000Z', events: '1' },
      { period: '2026-06-14T12:00:00.000Z', events: '1' },
      { period: '2026-06-15T00:00:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'bucket by hour': {
    rows: [
      { period: '2026-06-10T08:00:00.000Z', events: '2' },
      { period: '2026-06-10T23:00:00.000Z', events: '1' },
      { period: '2026-06-11T00:00:00.000Z', events: '1' },
      { period: '2026-06-12T10:00:00.000Z', events: '1' },
      { period: '2026-06-14T12:00:00.000Z', events: '1' },
      { period: '2026-06-15T00:00:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'bucket by day': {
    rows: [
      { period: '2026-06-10T00:00:00.000Z', events: '3' },
      { period: '2026-06-11T00:00:00.000Z', events: '1' },
      { period: '2026-06-12T00:00:00.000Z', events: '1' },
      { period: '2026-06-14T00:00:00.000Z', events: '1' },
      { period: '2026-06-15T00:00:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'bucket by week': {
    rows: [
      { period: '2026-06-08T00:00:00.000Z', events: '6' },
      { period: '2026-06-15T00:00:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'bucket by month': { rows: [{ period: '2026-06-01T00:00:00.000Z', events: '7' }], truncated: false },
  'bucket signup_at by month': {
    rows: [
      { period: '2025-12-01T00:00:00.000Z', events: '1' },
      { period: '2026-01-01T00:00:00.000Z', events: '1' },
      { period: '2026-02-01T00:00:00.000Z', events: '1' },
      { period: '2026-03-01T00:00:00.000Z', events: '2' },
      { period: '2026-06-01T00:00:00.000Z', events: '2' },
    ],
    truncated: false,
  },
  'bucket and field together': {
    rows: [
      { day: '2026-06-10T00:00:00.000Z', country: 'RO', events: '2' },
      { day: '2026-06-10T00:00:00.000Z', country: 'US', events: '1' },
      { day: '2026-06-11T00:00:00.000Z', country: 'US', events: '1' },
      { day: '2026-06-12T00:00:00.000Z', country: "x'); DROP TABLE t; --", events: '1' },
      { day: '2026-06-14T00:00:00.000Z', country: 'DE', events: '1' },
      { day: '2026-06-15T00:00:00.000Z', country: 'DE', events: '1' },
    ],
    truncated: false,
  },
  'having on a count': {
    rows: [
      { country: 'DE', events: '2', revenue: 107.25 },
      { country: 'RO', events: '2', revenue: 62.5 },
      { country: 'US', events: '2', revenue: 5 },
    ],
    truncated: false,
  },
  'having with and, or, not': {
    rows: [
      { country: 'RO', events: '2', revenue: 62.5 },
      { country: 'US', events: '2', revenue: 5 },
      { country: "x'); DROP TABLE t; --", events: '1', revenue: -3.5 },
    ],
    truncated: false,
  },
  'order by a selected field': {
    rows: [
      { country: "x'); DROP TABLE t; --", events: '1', revenue: -3.5 },
      { country: 'US', events: '2', revenue: 5 },
      { country: 'RO', events: '2', revenue: 62.5 },
      { country: 'DE', events: '2', revenue: 107.25 },
    ],
    truncated: false,
  },
  'order by an aggregate alias, ties broken by the group key': {
    rows: [
      { country: 'DE', events: '2', revenue: 107.25 },
      { country: 'RO', events: '2', revenue: 62.5 },
      { country: 'US', events: '2', revenue: 5 },
      { country: "x'); DROP TABLE t; --", events: '1', revenue: -3.5 },
    ],
    truncated: false,
  },
  'order raw rows by a field': {
    rows: [
      { amount: -3.5 },
      { amount: 0 },
      { amount: 5 },
      { amount: 7.25 },
      { amount: 12.5 },
      { amount: 50 },
      { amount: 100 },
    ],
    truncated: false,
  },
  'a plain timestamp field comes back as ISO text': {
    rows: [
      { signup_at: '2026-06-01T00:00:00.000Z', active: true },
      { signup_at: '2025-12-31T23:59:59.999Z', active: true },
      { signup_at: '2026-06-12T10:00:00.000Z', active: false },
    ],
    truncated: true,
    nextCursor: 'eyJvIjozfQ',
  },
  'grouping without an aggregate lists distinct values': {
    rows: [{ plan: 'free' }, { plan: 'pro' }, { plan: 'team' }, { plan: 'ünï😀\u200b' }],
    truncated: false,
  },
  'limit fetches one extra row': {
    rows: [{ amount: 100 }, { amount: 50 }],
    truncated: true,
    nextCursor: 'eyJvIjoyfQ',
  },
  'offset pages on': {
    rows: [{ amount: 12.5 }, { amount: 7.25 }],
    truncated: true,
    nextCursor: 'eyJvIjo0fQ',
  },
  'eq on a string': {
    rows: [
      { country: 'RO', amount: 12.5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'eq on a number': { rows: [{ country: 'RO', amount: 12.5 }], truncated: false },
  'eq on a boolean': {
    rows: [
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 0 },
      { country: 'RO', amount: 12.5 },
    ],
    truncated: false,
  },
  'eq on a timestamp': {
    rows: [
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  'eq on timestamp with an offset': {
    rows: [
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  neq: {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'DE', amount: 100 },
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  'gt on a number': {
    rows: [
      { country: 'DE', amount: 100 },
      { country: 'RO', amount: 12.5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'gte on a number': {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'DE', amount: 100 },
      { country: 'RO', amount: 12.5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'lt on a number': {
    rows: [
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 0 },
    ],
    truncated: false,
  },
  'lte on a number': {
    rows: [
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  'gt on a string compares bytes': {
    rows: [
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  'gt on a timestamp': {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  'lt on the record timestamp': {
    rows: [
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 12.5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'in on strings': {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'DE', amount: 100 },
      { country: 'RO', amount: 12.5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'notIn on numbers': {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 12.5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'in on booleans': {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'DE', amount: 100 },
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'in on timestamps': {
    rows: [
      { country: 'DE', amount: 100 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'contains is case-sensitive': {
    rows: [
      { country: 'US', amount: 0 },
      { country: 'RO', amount: 12.5 },
    ],
    truncated: false,
  },
  startsWith: {
    rows: [
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  and: {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  or: {
    rows: [
      { country: 'DE', amount: 100 },
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  not: {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'DE', amount: 100 },
      { country: "x'); DROP TABLE t; --", amount: -3.5 },
    ],
    truncated: false,
  },
  'nested and, or, not': {
    rows: [
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'hostile text is only a value': {
    rows: [{ country: "x'); DROP TABLE t; --", amount: -3.5 }],
    truncated: false,
  },
  'unicode and zero-width text is only a value': {
    rows: [{ country: "x'); DROP TABLE t; --", amount: -3.5 }],
    truncated: false,
  },
  'range includes both ends': {
    rows: [
      { timestamp: '2026-06-11T00:00:00.000Z', country: 'US' },
      { timestamp: '2026-06-10T23:59:59.000Z', country: 'US' },
    ],
    truncated: false,
  },
  'range excludes the instants just outside': { rows: [{ n: '7' }], truncated: false },
  'range bounds are exact to the millisecond': { rows: [{ n: '8' }], truncated: false },
  'count of records': {
    rows: [
      { country: 'DE', value: '2' },
      { country: 'RO', value: '2' },
      { country: 'US', value: '2' },
      { country: "x'); DROP TABLE t; --", value: '1' },
    ],
    truncated: false,
  },
  'count of a field': {
    rows: [
      { country: 'DE', value: '2' },
      { country: 'RO', value: '2' },
      { country: 'US', value: '2' },
      { country: "x'); DROP TABLE t; --", value: '1' },
    ],
    truncated: false,
  },
  sum: {
    rows: [
      { country: 'DE', value: 107.25 },
      { country: 'RO', value: 62.5 },
      { country: 'US', value: 5 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  avg: {
    rows: [
      { country: 'DE', value: 53.625 },
      { country: 'RO', value: 31.25 },
      { country: 'US', value: 2.5 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  'min of a number': {
    rows: [
      { country: 'DE', value: 7.25 },
      { country: 'RO', value: 12.5 },
      { country: 'US', value: 0 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  'max of a number': {
    rows: [
      { country: 'DE', value: 100 },
      { country: 'RO', value: 50 },
      { country: 'US', value: 5 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  'min of a timestamp': {
    rows: [
      { country: 'DE', value: '2025-12-31T23:59:59.999Z' },
      { country: 'RO', value: '2026-01-05T01:02:03.456Z' },
      { country: 'US', value: '2026-03-01T12:00:00.000Z' },
      { country: "x'); DROP TABLE t; --", value: '2026-06-12T10:00:00.000Z' },
    ],
    truncated: false,
  },
  'max of the record timestamp': {
    rows: [
      { country: 'DE', value: '2026-06-15T00:00:00.000Z' },
      { country: 'RO', value: '2026-06-10T08:45:00.000Z' },
      { country: 'US', value: '2026-06-11T00:00:00.000Z' },
      { country: "x'); DROP TABLE t; --", value: '2026-06-12T10:00:00.000Z' },
    ],
    truncated: false,
  },
  uniq: {
    rows: [
      { country: 'DE', value: '2' },
      { country: 'RO', value: '2' },
      { country: 'US', value: '2' },
      { country: "x'); DROP TABLE t; --", value: '1' },
    ],
    truncated: false,
  },
  p50: {
    rows: [
      { country: 'DE', value: 53.625 },
      { country: 'RO', value: 31.25 },
      { country: 'US', value: 2.5 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  p90: {
    rows: [
      { country: 'DE', value: 90.725 },
      { country: 'RO', value: 46.25 },
      { country: 'US', value: 4.5 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  p95: {
    rows: [
      { country: 'DE', value: 95.3625 },
      { country: 'RO', value: 48.125 },
      { country: 'US', value: 4.75 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  p99: {
    rows: [
      { country: 'DE', value: 99.0725 },
      { country: 'RO', value: 49.625 },
      { country: 'US', value: 4.95 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  percentile: {
    rows: [
      { country: 'DE', value: 30.4375 },
      { country: 'RO', value: 21.875 },
      { country: 'US', value: 1.25 },
      { country: "x'); DROP TABLE t; --", value: -3.5 },
    ],
    truncated: false,
  },
  'aggregates without groupBy give one row': {
    rows: [{ events: '7', revenue: 171.25, countries: '4' }],
    truncated: false,
  },
  'an aggregate over no rows': {
    rows: [{ events: '0', revenue: 0, mean: null, smallest: null, latest: null }],
    truncated: false,
  },
  // Second round: checked by hand as for the cases above (stddev is the sample one, n − 1).
  'containsIgnoreCase ignores ASCII case': {
    rows: [
      { country: 'DE', amount: 100 },
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'containsIgnoreCase folds non-ASCII letters': {
    rows: [{ country: "x'); DROP TABLE t; --", amount: -3.5 }],
    truncated: false,
  },
  endsWith: {
    rows: [
      { country: 'US', amount: 0 },
      { country: 'US', amount: 5 },
    ],
    truncated: false,
  },
  'matches an anchored alternation': {
    rows: [
      { country: 'DE', amount: 7.25 },
      { country: 'DE', amount: 100 },
      { country: 'US', amount: 5 },
      { country: 'RO', amount: 50 },
    ],
    truncated: false,
  },
  'matches with an RE2 inline flag': {
    rows: [
      { country: 'US', amount: 0 },
      { country: 'RO', amount: 12.5 },
    ],
    truncated: false,
  },
  stddev: {
    rows: [
      { country: 'DE', value: 65.58415395505229 },
      { country: 'RO', value: 26.516504294495533 },
      { country: 'US', value: 3.5355339059327378 },
      { country: "x'); DROP TABLE t; --", value: null },
    ],
    truncated: false,
  },
  'topk without groups': { rows: [{ plans: ['pro', 'free'] }], truncated: false },
  'histogram without groups': {
    rows: [
      {
        bins: [
          { lower: -3.5, upper: 55.9375, count: 5.375 },
          { lower: 55.9375, upper: 100, count: 1.625 },
        ],
      },
    ],
    truncated: false,
  },
  'count where a condition holds': {
    rows: [
      { country: 'DE', value: '2' },
      { country: 'RO', value: '1' },
      { country: 'US', value: '1' },
      { country: "x'); DROP TABLE t; --", value: '0' },
    ],
    truncated: false,
  },
  'sum where a condition holds': {
    rows: [
      { country: 'DE', value: 100 },
      { country: 'RO', value: 50 },
      { country: 'US', value: 5 },
      { country: "x'); DROP TABLE t; --", value: 0 },
    ],
    truncated: false,
  },
  'bucket width of 6 hours': {
    rows: [
      { period: '2026-06-10T06:00:00.000Z', events: '2' },
      { period: '2026-06-10T18:00:00.000Z', events: '1' },
      { period: '2026-06-11T00:00:00.000Z', events: '1' },
      { period: '2026-06-12T06:00:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'bucket width of 15 minutes': {
    rows: [
      { period: '2026-06-10T08:15:00.000Z', events: '1' },
      { period: '2026-06-10T08:45:00.000Z', events: '1' },
      { period: '2026-06-10T23:45:00.000Z', events: '1' },
      { period: '2026-06-11T00:00:00.000Z', events: '1' },
      { period: '2026-06-12T10:00:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'day bucket in a time zone': {
    rows: [
      { period: '2026-06-09T18:30:00.000Z', events: '2' },
      { period: '2026-06-10T18:30:00.000Z', events: '2' },
      { period: '2026-06-11T18:30:00.000Z', events: '1' },
    ],
    truncated: false,
  },
  'week bucket in a time zone': {
    rows: [{ period: '2026-06-08T04:00:00.000Z', events: '7' }],
    truncated: false,
  },
  'month bucket in a time zone': {
    rows: [{ period: '2026-05-31T21:00:00.000Z', events: '7' }],
    truncated: false,
  },
  'fill empty days with zero': {
    rows: [
      { day: '2026-06-09T00:00:00.000Z', events: '0', revenue: 0 },
      { day: '2026-06-10T00:00:00.000Z', events: '3', revenue: 67.5 },
      { day: '2026-06-11T00:00:00.000Z', events: '1', revenue: 0 },
      { day: '2026-06-12T00:00:00.000Z', events: '1', revenue: -3.5 },
    ],
    truncated: false,
  },
  'fill empty days within each country': {
    rows: [
      { day: '2026-06-10T00:00:00.000Z', country: 'RO', events: '2' },
      { day: '2026-06-11T00:00:00.000Z', country: 'RO', events: '0' },
      { day: '2026-06-10T00:00:00.000Z', country: 'US', events: '1' },
      { day: '2026-06-11T00:00:00.000Z', country: 'US', events: '1' },
    ],
    truncated: false,
  },
  'fill zoned months': {
    rows: [
      { month: '2026-03-31T21:00:00.000Z', events: '0' },
      { month: '2026-04-30T21:00:00.000Z', events: '0' },
      { month: '2026-05-31T21:00:00.000Z', events: '8' },
    ],
    truncated: false,
  },
  'fill a width bucket': {
    rows: [
      { period: '2026-06-09T00:00:00.000Z', events: '0' },
      { period: '2026-06-09T12:00:00.000Z', events: '0' },
      { period: '2026-06-10T00:00:00.000Z', events: '2' },
      { period: '2026-06-10T12:00:00.000Z', events: '1' },
      { period: '2026-06-11T00:00:00.000Z', events: '1' },
      { period: '2026-06-11T12:00:00.000Z', events: '0' },
      { period: '2026-06-12T00:00:00.000Z', events: '1' },
      { period: '2026-06-12T12:00:00.000Z', events: '0' },
    ],
    truncated: false,
  },
  'order by an aggregate that is not selected': {
    rows: [
      { country: 'DE', events: '2' },
      { country: 'RO', events: '2' },
      { country: 'US', events: '2' },
      { country: "x'); DROP TABLE t; --", events: '1' },
    ],
    truncated: false,
  },
  'order by a conditional count that is not selected': {
    rows: [{ country: 'DE' }, { country: 'RO' }, { country: 'US' }, { country: "x'); DROP TABLE t; --" }],
    truncated: false,
  },
  'order by a grouped field that is not selected': {
    rows: [{ events: '1' }, { events: '1' }, { events: '3' }, { events: '2' }],
    truncated: false,
  },
  'a relative range ends at the server clock': { rows: [{ events: '7' }], truncated: false },
  'a relative range in hours': { rows: [{ events: '2' }], truncated: false },
  'totals across all groups': {
    rows: [{ country: 'DE', events: '2', revenue: 107.25, plans: '2' }],
    truncated: true,
    nextCursor: 'eyJvIjoxfQ',
    totals: { events: '7', revenue: 171.25, plans: '4' },
  },
  'fill zoned days across a daylight saving change, with no rows at all': {
    rows: [
      { day: '2026-03-27T22:00:00.000Z', events: '0' },
      { day: '2026-03-28T22:00:00.000Z', events: '0' },
      { day: '2026-03-29T21:00:00.000Z', events: '0' },
      { day: '2026-03-30T21:00:00.000Z', events: '0' },
    ],
    truncated: false,
  },
};
