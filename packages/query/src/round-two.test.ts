import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TARGET, JUNE } from './cases/index.ts';
import { LIMITS } from './limits.ts';
import { MESSAGES } from './messages.ts';
import { prepareQuery } from './prepare.ts';

const count = { aggregate: 'count', as: 'events' };
const query = (parts: Record<string, unknown>) => ({ range: JUNE, select: [count], ...parts });
const bucket = (item: Record<string, unknown>) => query({ groupBy: [{ as: 'period', ...item }] });
const aggregate = (item: Record<string, unknown>) => query({ select: [{ as: 'v', ...item }] });
const matching = (value: string) => query({ where: { field: 'plan', op: 'matches', value } });
const dayFill = { bucket: 'day', as: 'day', fill: true };

function compiled(body: unknown) {
  const result = prepareQuery(body, FIXTURE_TARGET);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.compiled;
}

describe('refusals of the second round', () => {
  it.each([
    ['a width with an unknown unit', bucket({ bucket: '5y' }), 'Unknown bucket: 5y'],
    ['a zero width', bucket({ bucket: '0m' }), 'Unknown bucket: 0m'],
    [
      'a zone on an hour bucket',
      bucket({ bucket: 'hour', timeZone: 'UTC' }),
      MESSAGES.bucketNotZoned('hour'),
    ],
    ['a zone on a width', bucket({ bucket: '6h', timeZone: 'UTC' }), MESSAGES.bucketNotZoned('6h')],
    [
      'an offset for a zone',
      bucket({ bucket: 'day', timeZone: '+02:00' }),
      'Invalid time zone: groupBy.0.timeZone',
    ],
    [
      'an unknown zone',
      bucket({ bucket: 'day', timeZone: 'Mars/Base' }),
      'Invalid time zone: groupBy.0.timeZone',
    ],
    [
      'a width making too many buckets',
      bucket({ bucket: '1m' }),
      MESSAGES.tooManyBuckets('groupBy.0', LIMITS.maxBuckets),
    ],
    [
      'a fill making too many buckets',
      query({
        range: { from: '2026-01-01', to: '2026-12-31' },
        groupBy: [{ bucket: 'minute', as: 'm', fill: true }],
      }),
      MESSAGES.tooManyBuckets('groupBy.0', LIMITS.maxBuckets),
    ],
    ['two fills', query({ groupBy: [dayFill, { bucket: 'hour', as: 'h', fill: true }] }), MESSAGES.fillOnce],
    [
      'a fill with orderBy',
      query({ groupBy: [dayFill], orderBy: [{ field: 'day', direction: 'desc' }] }),
      MESSAGES.fillWithOrderBy,
    ],
    [
      'a fill with having',
      query({ groupBy: [dayFill], having: { field: 'events', op: 'gt', value: 0 } }),
      MESSAGES.fillWithHaving,
    ],
    [
      'a fill beside an unselected group',
      query({ groupBy: ['plan', dayFill] }),
      MESSAGES.fillNeedsSelected('plan'),
    ],
    [
      'a fill of another timestamp field',
      query({ groupBy: [{ ...dayFill, field: 'signup_at' }] }),
      MESSAGES.fillNeedsTimestamp('signup_at'),
    ],
    [
      'a where on avg',
      aggregate({ aggregate: 'avg', field: 'amount', where: { field: 'active', op: 'eq', value: true } }),
      MESSAGES.aggregateNotConditional('avg'),
    ],
    [
      'an unknown field in an aggregate where',
      aggregate({ aggregate: 'count', where: { field: 'city', op: 'eq', value: 'x' } }),
      'Unknown field: city',
    ],
    [
      'a wrongly typed value in an aggregate where',
      aggregate({ aggregate: 'sum', field: 'amount', where: { field: 'amount', op: 'gt', value: '1' } }),
      'Invalid number value for field: amount',
    ],
    [
      'topk without k',
      aggregate({ aggregate: 'topk', field: 'plan' }),
      MESSAGES.aggregateNeedsArg('topk', 'k', 100),
    ],
    [
      'topk with p',
      aggregate({ aggregate: 'topk', field: 'plan', args: { p: 0.5 } }),
      MESSAGES.aggregateTakesOnly('topk', 'k'),
    ],
    [
      'histogram without bins',
      aggregate({ aggregate: 'histogram', field: 'amount' }),
      MESSAGES.aggregateNeedsArg('histogram', 'bins', 100),
    ],
    [
      'topk of timestamps',
      aggregate({ aggregate: 'topk', field: 'signup_at', args: { k: 3 } }),
      'Aggregate topk needs a string, number or boolean field: signup_at',
    ],
    [
      'histogram of strings',
      aggregate({ aggregate: 'histogram', field: 'plan', args: { bins: 3 } }),
      'Aggregate histogram needs a number field: plan',
    ],
    [
      'stddev of strings',
      aggregate({ aggregate: 'stddev', field: 'plan' }),
      'Aggregate stddev needs a number field: plan',
    ],
    [
      'having on a topk',
      query({
        select: [{ aggregate: 'topk', field: 'plan', args: { k: 2 }, as: 'top' }],
        having: { field: 'top', op: 'gt', value: 1 },
      }),
      MESSAGES.havingNeedsNumber('top'),
    ],
    [
      'orderBy an aggregate of a row listing',
      query({ select: [{ field: 'plan' }], orderBy: [{ aggregate: 'count', direction: 'desc' }] }),
      MESSAGES.orderByAggregateNeedsGrouping,
    ],
    [
      'orderBy an aggregate of an unknown field',
      query({ orderBy: [{ aggregate: 'sum', field: 'price', direction: 'desc' }] }),
      'Unknown field: price',
    ],
    [
      'totals without an aggregate',
      query({ select: [{ field: 'plan' }], groupBy: ['plan'], totals: true }),
      MESSAGES.totalsNeedAggregate,
    ],
    [
      'a pattern past the bound',
      matching('a'.repeat(LIMITS.maxPattern + 1)),
      MESSAGES.patternTooLong('plan', LIMITS.maxPattern),
    ],
    ['a lookahead', matching('pro(?=x)'), MESSAGES.patternUnsupported('plan')],
    ['a negative lookbehind', matching('(?<!x)pro'), MESSAGES.patternUnsupported('plan')],
    ['a backreference', matching('(p)\\1'), MESSAGES.patternUnsupported('plan')],
    [
      'matches on a number',
      query({ where: { field: 'amount', op: 'matches', value: '1' } }),
      'Operator matches needs a string field: amount',
    ],
    [
      'endsWith with a list',
      query({ where: { field: 'plan', op: 'endsWith', value: ['o'] } }),
      'Operator endsWith needs a single value, not an array',
    ],
    [
      'a relative range in years',
      query({ range: { last: '2y' } }),
      MESSAGES.invalidDuration('range.last', '24h'),
    ],
    [
      'a relative range of zero',
      query({ range: { last: '0h' } }),
      MESSAGES.invalidDuration('range.last', '24h'),
    ],
    [
      'a relative range beside from',
      query({ range: { last: '1h', from: '2026-06-01' } }),
      'Unknown key: range.from',
    ],
    ['a relative range before 1900', query({ range: { last: '999999w' } }), MESSAGES.rangeBefore1900],
    [
      'totals that is not a boolean',
      query({ totals: 'yes' }),
      'Invalid totals: expected boolean, received string',
    ],
    [
      'fill that is not a boolean',
      bucket({ bucket: 'day', fill: 1 }),
      'Invalid groupBy.0.fill: expected boolean, received number',
    ],
  ])('refuses %s', (_name, body, message) => {
    expect(prepareQuery(body, FIXTURE_TARGET)).toEqual({ ok: false, message });
  });

  it.each([
    ['an escaped backslash before a digit', '\\\\1'],
    ['a lookahead spelled inside a class', '[(?=]x'],
    ['a class opening with a bracket', '[]1]\\d'],
    ['a named group', '(?P<plan>pro)'],
  ])('accepts %s, which is RE2', (_name, pattern) => {
    expect(prepareQuery(matching(pattern), FIXTURE_TARGET).ok).toBe(true);
  });

  it('refuses to guess the clock: a relative range needs the caller to pass now', () => {
    const { now: _ignored, ...clockless } = FIXTURE_TARGET;
    expect(() => prepareQuery(query({ range: { last: '1h' } }), clockless)).toThrow(TypeError);
  });
});

describe('the SQL of the second round', () => {
  it('fills empty buckets in a zone through nested selects, every value a parameter', () => {
    const { sql, params } = compiled(
      query({
        range: { last: '30d' },
        select: [{ field: 'country' }, count],
        groupBy: ['country', { bucket: 'week', as: 'week', timeZone: 'Europe/Bucharest', fill: true }],
      }),
    );
    expect(sql).toMatchInlineSnapshot(`
      "SELECT
        concat(replaceOne(toString(toDateTime64(\`__fill\`, 3, 'UTC')), ' ', 'T'), 'Z') AS \`week\`,
        \`country\` AS \`country\`,
        \`events\` AS \`events\`
      FROM (
      SELECT * FROM (
      SELECT
        toDateTime64(toDateTime(toStartOfWeek(\`__src\`.\`timestamp\`, 1, {p0:String}), {p0:String}), 3, {p0:String}) AS \`__fill\`,
        \`__src\`.\`country\` AS \`country\`,
        count() AS \`events\`
      FROM \`ds_13\` AS \`__src\`
      WHERE \`__src\`.\`timestamp\` >= {p1:DateTime64(3,'UTC')} AND \`__src\`.\`timestamp\` <= {p2:DateTime64(3,'UTC')}
      GROUP BY \`__src\`.\`country\`, toDateTime(toStartOfWeek(\`__src\`.\`timestamp\`, 1, {p0:String}), {p0:String})
      )
      ORDER BY \`country\` ASC, \`__fill\` ASC WITH FILL FROM toDateTime64(toDateTime(toStartOfWeek({p1:DateTime64(3,'UTC')}, 1, {p0:String}), {p0:String}), 3, {p0:String}) TO {p2:DateTime64(3,'UTC')} + toIntervalMillisecond(1) STEP INTERVAL 1 week
      LIMIT {p3:UInt32} OFFSET {p4:UInt32}
      )"
    `);
    expect(params).toEqual({
      p0: 'Europe/Bucharest',
      p1: '2026-05-16 12:00:00.000',
      p2: '2026-06-15 12:00:00.000',
      p3: 101,
      p4: 0,
    });
  });

  it('renders conditional, spread and list aggregates, and orders by one not selected', () => {
    const { sql, params } = compiled(
      query({
        select: [
          { field: 'plan' },
          { aggregate: 'count', as: 'paid', where: { field: 'active', op: 'eq', value: true } },
          {
            aggregate: 'sum',
            field: 'amount',
            as: 'pro',
            where: { field: 'plan', op: 'endsWith', value: 'o' },
          },
          { aggregate: 'stddev', field: 'amount', as: 'spread' },
          { aggregate: 'topk', field: 'country', args: { k: 3 }, as: 'countries' },
          { aggregate: 'histogram', field: 'amount', args: { bins: 4 }, as: 'amounts' },
        ],
        groupBy: ['plan', { bucket: '15m', as: 'quarter' }],
        orderBy: [{ aggregate: 'uniq', field: 'country', direction: 'desc' }],
        totals: true,
      }),
    );
    expect(sql).toMatchInlineSnapshot(`
      "SELECT
        concat(replaceOne(toString(toDateTime64(toStartOfInterval(\`__src\`.\`timestamp\`, toIntervalMinute({p0:UInt32}), 'UTC'), 3, 'UTC')), ' ', 'T'), 'Z') AS \`quarter\`,
        \`__src\`.\`plan\` AS \`plan\`,
        countIf(\`__src\`.\`active\` = {p1:Bool}) AS \`paid\`,
        sumIf(\`__src\`.\`amount\`, endsWith(\`__src\`.\`plan\`, {p2:String})) AS \`pro\`,
        stddevSamp(\`__src\`.\`amount\`) AS \`spread\`,
        topK({p3:UInt16})(\`__src\`.\`country\`) AS \`countries\`,
        arrayMap(__bin -> CAST(__bin, 'Tuple(lower Float64, upper Float64, count Float64)'), histogram({p4:UInt16})(\`__src\`.\`amount\`)) AS \`amounts\`
      FROM \`ds_13\` AS \`__src\`
      WHERE \`__src\`.\`timestamp\` >= {p5:DateTime64(3,'UTC')} AND \`__src\`.\`timestamp\` <= {p6:DateTime64(3,'UTC')}
      GROUP BY \`__src\`.\`plan\`, toStartOfInterval(\`__src\`.\`timestamp\`, toIntervalMinute({p0:UInt32}), 'UTC')
      ORDER BY uniqExact(\`__src\`.\`country\`) DESC, \`__src\`.\`plan\` ASC, \`quarter\` ASC
      LIMIT {p7:UInt32} OFFSET {p8:UInt32}"
    `);
    expect(params).toMatchObject({ p0: 15, p1: true, p2: 'o', p3: 3, p4: 4 });
  });

  it('compiles totals as the same aggregates without groups, having or paging', () => {
    const { totals } = compiled(
      query({
        select: [{ field: 'plan' }, count],
        groupBy: ['plan'],
        having: { field: 'events', op: 'gt', value: 1 },
        where: { field: 'plan', op: 'containsIgnoreCase', value: 'PRO' },
        totals: true,
      }),
    );
    expect(totals?.sql).toMatchInlineSnapshot(`
      "SELECT
        count() AS \`events\`
      FROM \`ds_13\` AS \`__src\`
      WHERE \`__src\`.\`timestamp\` >= {p0:DateTime64(3,'UTC')} AND \`__src\`.\`timestamp\` <= {p1:DateTime64(3,'UTC')} AND positionCaseInsensitiveUTF8(\`__src\`.\`plan\`, {p2:String}) > 0
      LIMIT {p3:UInt32} OFFSET {p4:UInt32}"
    `);
    expect(totals?.settings.max_result_rows).toBe('2');
  });

  it('keeps every value of the new keys out of the SQL text', () => {
    // A value never shows in the SQL: the text is the same whatever the values, and none appears in it.
    const template = (v: { text: string; number: number; k: number; span: number; width: number }) =>
      query({
        range: { last: `${v.span}h` },
        select: [
          { field: 'plan' },
          { aggregate: 'count', as: 'a', where: { field: 'plan', op: 'matches', value: v.text } },
          {
            aggregate: 'sum',
            field: 'amount',
            as: 'b',
            where: { field: 'amount', op: 'gt', value: v.number },
          },
          { aggregate: 'topk', field: 'plan', args: { k: v.k }, as: 'c' },
        ],
        where: {
          or: [
            { field: 'plan', op: 'containsIgnoreCase', value: v.text },
            { field: 'country', op: 'endsWith', value: v.text },
          ],
        },
        groupBy: ['plan', { bucket: `${v.width}h`, as: 'w' }],
        orderBy: [
          { aggregate: 'count', where: { field: 'country', op: 'eq', value: v.text }, direction: 'asc' },
        ],
        totals: true,
      });
    const values = fc.record({
      // Between tildes, which the SQL never holds, so finding the text in it could only mean a leak.
      text: fc
        .string({ minLength: 1, maxLength: 40 })
        .map((text) => `~${text}~`)
        .filter((text) => !/\(\?<?[=!]|\\[1-9]|\\k</.test(text)),
      number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => Math.abs(n) > 1e6),
      k: fc.integer({ min: 11, max: 100 }),
      span: fc.integer({ min: 1000, max: 9999 }),
      width: fc.integer({ min: 101, max: 999 }),
    });
    const reference = compiled(template({ text: 'benign', number: 1.5e7, k: 50, span: 5000, width: 500 }));
    fc.assert(
      fc.property(values, (v) => {
        const { sql, totals } = compiled(template(v));
        expect(sql).toBe(reference.sql);
        expect(totals?.sql).toBe(reference.totals?.sql);
        // Small integers (k, widths, spans) could match type names such as UInt16: the equality covers them.
        for (const shown of [v.text, String(v.number)]) expect(`${sql}${totals?.sql}`).not.toContain(shown);
      }),
      { numRuns: 200 },
    );
  });
});
