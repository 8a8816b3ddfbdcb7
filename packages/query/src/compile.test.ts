import { describe, expect, it } from 'vitest';
import { AGGREGATE_NAMES } from './aggregates.ts';
import { BUCKET_NAMES } from './buckets.ts';
import { FIXTURE_TARGET, QUERY_CASES } from './cases/index.ts';
import { OPERATOR_NAMES } from './operators.ts';
import { prepareQuery } from './prepare.ts';

function compiled(body: unknown) {
  const result = prepareQuery(body, FIXTURE_TARGET);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.compiled;
}

describe('compile', () => {
  it('compiles the contract example to grouped, parameterised SQL', () => {
    const contractCase = QUERY_CASES.find((kase) => kase.name === 'the contract example');
    const { sql, params, limit } = compiled(contractCase?.body);
    expect(sql).toMatchInlineSnapshot(`
      "SELECT
        \`__src\`.\`country\` AS \`country\`,
        count() AS \`events\`,
        sum(\`__src\`.\`amount\`) AS \`revenue\`
      FROM \`ds_13\` AS \`__src\`
      WHERE \`__src\`.\`timestamp\` >= {p0:DateTime64(3,'UTC')} AND \`__src\`.\`timestamp\` <= {p1:DateTime64(3,'UTC')}
      GROUP BY \`__src\`.\`country\`
      ORDER BY \`events\` DESC, \`__src\`.\`country\` ASC
      LIMIT {p2:UInt32} OFFSET {p3:UInt32}"
    `);
    expect(params).toEqual({ p0: '2026-06-10 00:00:00.000', p1: '2026-06-10 23:59:59.000', p2: 101, p3: 0 });
    expect(limit).toBe(100);
  });

  it('renders timestamps as ISO text and orders raw rows newest first by default', () => {
    const { sql } = compiled({
      range: { from: '2026-06-01', to: '2026-06-02' },
      select: [{ field: 'signup_at' }],
    });
    expect(sql).toMatchInlineSnapshot(`
      "SELECT
        concat(replaceOne(toString(toDateTime64(\`__src\`.\`signup_at\`, 3, 'UTC')), ' ', 'T'), 'Z') AS \`signup_at\`
      FROM \`ds_13\` AS \`__src\`
      WHERE \`__src\`.\`timestamp\` >= {p0:DateTime64(3,'UTC')} AND \`__src\`.\`timestamp\` <= {p1:DateTime64(3,'UTC')}
      ORDER BY \`__src\`.\`timestamp\` DESC
      LIMIT {p2:UInt32} OFFSET {p3:UInt32}"
    `);
  });

  it('binds a percentile level and every where value as typed parameters', () => {
    const { sql, params } = compiled({
      range: { from: '2026-06-01T00:00:00+02:00', to: '2026-06-02' },
      select: [{ aggregate: 'percentile', field: 'amount', args: { p: 0.25 }, as: 'q1' }],
      where: {
        and: [
          { field: 'active', op: 'eq', value: true },
          { field: 'signup_at', op: 'in', value: ['2026-01-01T00:00:00.1234Z'] },
          { field: 'amount', op: 'lt', value: 2 ** 64 },
        ],
      },
    });
    expect(sql).toContain('quantile({p0:Float64})(`__src`.`amount`) AS `q1`');
    expect(sql).toContain(
      "(`__src`.`active` = {p3:Bool} AND `__src`.`signup_at` IN {p4:Array(DateTime64(3,'UTC'))} AND `__src`.`amount` < {p5:Float64})",
    );
    expect(params).toMatchObject({
      p0: 0.25,
      p1: '2026-05-31 22:00:00.000',
      p3: true,
      p4: ['2026-01-01 00:00:00.123'],
    });
    // chDB refuses to serialise integers past 2^53 as numbers; a bigint keeps them exact.
    expect(params.p5).toBe(2n ** 64n);
  });

  it('returns engine guards sized to the fetch', () => {
    const { settings } = compiled({
      range: { from: '2026-06-01', to: '2026-06-02' },
      select: [{ field: 'plan' }],
      limit: 5,
    });
    expect(settings).toMatchObject({
      readonly: '2',
      max_result_rows: '6',
      result_overflow_mode: 'throw',
      output_format_json_quote_64bit_integers: 1,
      log_comment: 'quarry:dataset:13',
    });
  });

  it('quotes a catalog table name, raw or already quoted, with or without a database', () => {
    const body = { range: { from: '2026-06-01', to: '2026-06-02' }, select: [{ field: 'plan' }] };
    for (const table of ['quarry.ds_13', '`quarry`.`ds_13`']) {
      const result = prepareQuery(body, { ...FIXTURE_TARGET, table });
      expect(result.ok && result.compiled.sql).toContain('FROM `quarry`.`ds_13` AS `__src`');
    }
    expect(() => prepareQuery(body, { ...FIXTURE_TARGET, table: 'ds; DROP' })).toThrow(TypeError);
  });

  it.each(QUERY_CASES.map((kase) => [kase.name, kase] as const))('compiles %s', (_name, kase) => {
    const { sql, params } = compiled(kase.body);
    expect({ sql, params }).toMatchSnapshot();
  });

  it('has a case for every operator, aggregate and bucket', () => {
    const bodies = JSON.stringify(QUERY_CASES.map((kase) => kase.body));
    for (const op of OPERATOR_NAMES) expect(bodies).toContain(`"op":"${op}"`);
    for (const aggregate of AGGREGATE_NAMES) expect(bodies).toContain(`"aggregate":"${aggregate}"`);
    for (const bucket of BUCKET_NAMES) expect(bodies).toContain(`"bucket":"${bucket}"`);
  });

  it('has expected engine rows for every case', () => {
    expect(QUERY_CASES.filter((kase) => !kase.expected).map((kase) => kase.name)).toEqual([]);
  });
});
