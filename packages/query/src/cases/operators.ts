import { JUNE, june, type QueryCase } from './dataset.ts';

const where = (name: string, condition: Record<string, unknown>): QueryCase => ({
  name,
  body: june({ where: condition }),
});

/** One case per operator and field type, plus the boolean connectives and the range bounds. */
export const OPERATOR_CASES: QueryCase[] = [
  where('eq on a string', { field: 'country', op: 'eq', value: 'RO' }),
  where('eq on a number', { field: 'amount', op: 'eq', value: 12.5 }),
  where('eq on a boolean', { field: 'active', op: 'eq', value: false }),
  where('eq on a timestamp', { field: 'signup_at', op: 'eq', value: '2026-03-01T12:00:00Z' }),
  where('eq on timestamp with an offset', {
    field: 'signup_at',
    op: 'eq',
    value: '2026-03-01T14:00:00+02:00',
  }),
  where('neq', { field: 'country', op: 'neq', value: 'RO' }),
  where('gt on a number', { field: 'amount', op: 'gt', value: 7.25 }),
  where('gte on a number', { field: 'amount', op: 'gte', value: 7.25 }),
  where('lt on a number', { field: 'amount', op: 'lt', value: 5 }),
  where('lte on a number', { field: 'amount', op: 'lte', value: 5 }),
  where('gt on a string compares bytes', { field: 'country', op: 'gt', value: 'RO' }),
  where('gt on a timestamp', { field: 'signup_at', op: 'gt', value: '2026-02-14T00:00:00Z' }),
  where('lt on the record timestamp', { field: 'timestamp', op: 'lt', value: '2026-06-11T00:00:00Z' }),
  where('in on strings', { field: 'country', op: 'in', value: ['RO', 'DE'] }),
  where('notIn on numbers', { field: 'amount', op: 'notIn', value: [0, 100] }),
  where('in on booleans', { field: 'active', op: 'in', value: [true] }),
  where('in on timestamps', {
    field: 'signup_at',
    op: 'in',
    value: ['2026-01-05T01:02:03.456Z', '2025-12-31T23:59:59.999Z'],
  }),
  where('contains is case-sensitive', { field: 'plan', op: 'contains', value: 're' }),
  where('startsWith', { field: 'country', op: 'startsWith', value: 'U' }),
  where('and', {
    and: [
      { field: 'active', op: 'eq', value: true },
      { field: 'amount', op: 'lt', value: 60 },
    ],
  }),
  where('or', {
    or: [
      { field: 'country', op: 'eq', value: 'US' },
      { field: 'amount', op: 'gte', value: 100 },
    ],
  }),
  where('not', { not: { field: 'country', op: 'in', value: ['RO', 'US'] } }),
  where('nested and, or, not', {
    and: [
      {
        or: [
          { field: 'plan', op: 'eq', value: 'pro' },
          { field: 'plan', op: 'eq', value: 'team' },
        ],
      },
      { not: { field: 'country', op: 'eq', value: 'DE' } },
    ],
  }),
  where('hostile text is only a value', { field: 'country', op: 'eq', value: "x'); DROP TABLE t; --" }),
  where('unicode and zero-width text is only a value', { field: 'plan', op: 'eq', value: 'ünï😀\u200b' }),
  {
    name: 'range includes both ends',
    body: {
      range: { from: '2026-06-10T23:59:59Z', to: '2026-06-11T00:00:00Z' },
      select: [{ field: 'timestamp' }, { field: 'country' }],
    },
  },
  {
    name: 'range excludes the instants just outside',
    body: { range: JUNE, select: [{ aggregate: 'count', as: 'n' }] },
  },
  {
    name: 'range bounds are exact to the millisecond',
    body: {
      range: { from: '2026-05-31T23:59:59.999Z', to: JUNE.to },
      select: [{ aggregate: 'count', as: 'n' }],
    },
  },
];
