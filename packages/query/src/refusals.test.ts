import { describe, expect, it } from 'vitest';
import { FIXTURE_TARGET, JUNE } from './cases/index.ts';
import { MESSAGES } from './messages.ts';
import { prepareQuery } from './prepare.ts';

const query = (parts: Record<string, unknown>) => ({ range: JUNE, select: [{ field: 'country' }], ...parts });
const count = { aggregate: 'count', as: 'events' };
const byCountry = { select: [{ field: 'country' }, count], groupBy: ['country'] };
const where = (field: string, op: string, value: unknown) => query({ where: { field, op, value } });
const aggregate = (item: Record<string, unknown>) => query({ select: [{ as: 'v', ...item }] });

describe('compiling against the dataset schema', () => {
  it.each([
    ['an unknown selected field', query({ select: [{ field: 'city' }] }), 'Unknown field: city'],
    ['an unknown where field', where('city', 'eq', 'x'), 'Unknown field: city'],
    ['an unknown groupBy field', query({ groupBy: ['city'] }), 'Unknown field: city'],
    ['an unknown aggregate field', aggregate({ aggregate: 'sum', field: 'price' }), 'Unknown field: price'],
    [
      'an unknown bucket field',
      query({ select: [count], groupBy: [{ bucket: 'day', field: 'at', as: 'd' }] }),
      'Unknown field: at',
    ],
    [
      'a prototype name as a field',
      query({ select: [{ field: 'constructor' }] }),
      'Unknown field: constructor',
    ],
    ['__proto__ as a field', where('__proto__', 'eq', 'x'), 'Unknown field: __proto__'],
    ['a storage column', query({ select: [{ field: '__traceId' }] }), 'Unknown field: __traceId'],
    ['a zero-width lookalike', where('coun\u200btry', 'eq', 'x'), 'Unknown field: coun\u200btry'],
    ['context selected', query({ select: [{ field: 'context' }] }), MESSAGES.contextNotQueryable],
    ['context filtered', where('context', 'contains', 'x'), MESSAGES.contextNotQueryable],
    ['context grouped', query({ select: [count], groupBy: ['context'] }), MESSAGES.contextNotQueryable],
    ['context aggregated', aggregate({ aggregate: 'uniq', field: 'context' }), MESSAGES.contextNotQueryable],
    [
      'context bucketed',
      query({ select: [count], groupBy: [{ bucket: 'day', field: 'context', as: 'd' }] }),
      MESSAGES.contextNotQueryable,
    ],
    [
      'context ordered',
      query({ orderBy: [{ field: 'context', direction: 'asc' }] }),
      MESSAGES.contextNotQueryable,
    ],
    [
      'an unknown order name',
      query({ orderBy: [{ field: 'nope', direction: 'asc' }] }),
      'Unknown field or alias: nope',
    ],
    [
      'ordering by an unselected field',
      query({ orderBy: [{ field: 'plan', direction: 'asc' }] }),
      'Unknown field or alias: plan',
    ],
    [
      'an unknown having name',
      query({ ...byCountry, having: { field: 'nope', op: 'gt', value: 1 } }),
      'Unknown field or alias: nope',
    ],
    [
      'having on a plain field',
      query({ ...byCountry, having: { field: 'country', op: 'eq', value: 'RO' } }),
      'having needs an aggregate alias: country',
    ],
    [
      'having on a timestamp aggregate',
      query({
        select: [{ aggregate: 'min', field: 'signup_at', as: 'first' }],
        having: { field: 'first', op: 'gt', value: 1 },
      }),
      'having needs a numeric aggregate: first',
    ],
    [
      'having with a string value',
      query({ ...byCountry, having: { field: 'events', op: 'gt', value: '1' } }),
      'Invalid number value for field: events',
    ],
    [
      'having with a string operator',
      query({ ...byCountry, having: { field: 'events', op: 'contains', value: '1' } }),
      'Operator contains needs a string field: events',
    ],
    [
      'sum of a string',
      aggregate({ aggregate: 'sum', field: 'country' }),
      'Aggregate sum needs a number field: country',
    ],
    [
      'avg of a timestamp',
      aggregate({ aggregate: 'avg', field: 'signup_at' }),
      'Aggregate avg needs a number field: signup_at',
    ],
    [
      'min of a boolean',
      aggregate({ aggregate: 'min', field: 'active' }),
      'Aggregate min needs a number or timestamp field: active',
    ],
    [
      'p99 of a string',
      aggregate({ aggregate: 'p99', field: 'plan' }),
      'Aggregate p99 needs a number field: plan',
    ],
    ['sum without a field', aggregate({ aggregate: 'sum' }), 'Aggregate sum needs a field'],
    ['uniq without a field', aggregate({ aggregate: 'uniq' }), 'Aggregate uniq needs a field'],
    [
      'percentile without p',
      aggregate({ aggregate: 'percentile', field: 'amount' }),
      MESSAGES.percentileNeedsP,
    ],
    [
      'args on another aggregate',
      aggregate({ aggregate: 'p50', field: 'amount', args: { p: 0.4 } }),
      'Aggregate p50 takes no args',
    ],
    [
      'a bucket of a string field',
      query({ select: [count], groupBy: [{ bucket: 'day', field: 'plan', as: 'd' }] }),
      'Bucket needs a timestamp field: plan',
    ],
    [
      'contains on a number',
      where('amount', 'contains', '1'),
      'Operator contains needs a string field: amount',
    ],
    [
      'startsWith on a timestamp',
      where('signup_at', 'startsWith', '2026'),
      'Operator startsWith needs a string field: signup_at',
    ],
    [
      'gt on a boolean',
      where('active', 'gt', true),
      'Operator gt needs a string, number or timestamp field: active',
    ],
    ['a number as text', where('amount', 'eq', '12.5'), 'Invalid number value for field: amount'],
    ['a string as a number', where('country', 'eq', 5), 'Invalid string value for field: country'],
    ['a boolean as text', where('active', 'eq', 'true'), 'Invalid boolean value for field: active'],
    [
      'a timestamp that is not one',
      where('signup_at', 'gt', 'yesterday'),
      'Invalid timestamp value for field: signup_at',
    ],
    [
      'a timestamp as a number',
      where('timestamp', 'gt', 1_700_000_000),
      'Invalid timestamp value for field: timestamp',
    ],
    [
      'a timestamp out of the column range',
      where('signup_at', 'gt', '2300-01-01T00:00:00Z'),
      'Invalid timestamp value for field: signup_at',
    ],
    ['one bad value in a list', where('amount', 'in', [1, '2']), 'Invalid number value for field: amount'],
    [
      'an alias reusing a field',
      aggregate({ aggregate: 'count', as: 'amount' }),
      MESSAGES.aliasReserved('amount'),
    ],
    [
      'an alias named timestamp',
      query({ select: [count], groupBy: [{ bucket: 'day', as: 'timestamp' }] }),
      MESSAGES.aliasReserved('timestamp'),
    ],
    [
      'an alias named context',
      aggregate({ aggregate: 'count', as: 'context' }),
      MESSAGES.aliasReserved('context'),
    ],
    [
      'an alias with the reserved prefix',
      aggregate({ aggregate: 'count', as: '__src' }),
      MESSAGES.aliasReserved('__src'),
    ],
    ['two aggregates with one alias', query({ select: [count, count] }), 'Duplicate output name: events'],
    [
      'a bucket and an aggregate with one alias',
      query({ select: [count], groupBy: [{ bucket: 'day', as: 'events' }] }),
      'Duplicate output name: events',
    ],
    [
      'a field selected twice',
      query({ select: [{ field: 'plan' }, { field: 'plan' }] }),
      'Duplicate output name: plan',
    ],
    [
      'an ungrouped field beside an aggregate',
      query({ select: [{ field: 'plan' }, count] }),
      'Field must be in groupBy when aggregating: plan',
    ],
    [
      'an ungrouped field beside a groupBy',
      query({ select: [{ field: 'plan' }], groupBy: ['country'] }),
      'Field must be in groupBy when aggregating: plan',
    ],
  ])('refuses %s', (_name, body, message) => {
    expect(prepareQuery(body, FIXTURE_TARGET)).toEqual({ ok: false, message });
  });

  it('lets orderBy name a grouped field that is not selected', () => {
    const result = prepareQuery(
      query({ select: [count], groupBy: ['country'], orderBy: [{ field: 'country', direction: 'desc' }] }),
      FIXTURE_TARGET,
    );
    expect(result.ok && result.compiled.sql).toContain('ORDER BY `__src`.`country` DESC\n');
  });
});
