import { datasetTableName } from '@quarry/pipeline';
import { MESSAGES } from '@quarry/query';
import { compileRecordValidator } from '@quarry/schema';
import { describe, expect, it } from 'vitest';
import { useTestControl } from './testing.ts';

const QUERY = {
  range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
  select: [{ aggregate: 'count', as: 'events' }],
};

const control = useTestControl('postgres');

describe('the dataset query route', () => {
  it('answers a foreign project exactly like an unknown one, and an unknown dataset like a pending one', async () => {
    const owner = await control().signUp();
    const outsider = await control().signUp();
    const project = await control().createProject(owner);
    const dataset = await control().createDataset(owner, project);
    const query = (token: string, path: string) => control().request('POST', path, { token, body: QUERY });

    const foreign = await query(outsider.token, `/api/datasets/${project}/${dataset.id}/query`);
    const unknown = await query(outsider.token, `/api/datasets/no-such-project/${dataset.id}/query`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(foreign.body).toEqual({ error: 'Not Found', message: 'Project not found' });

    const pending = await query(owner.token, `/api/datasets/${project}/${dataset.id}/query`);
    const missing = await query(owner.token, `/api/datasets/${project}/999999999/query`);
    expect(pending.body).toEqual({ error: 'Not Found', message: 'Dataset schema not found' });
    expect(missing.body).toEqual(pending.body);
  });
});

describe('the query language over HTTP', () => {
  /** A dataset with one record an hour old and one three days old, stored as the writer stores them. */
  async function datasetWithRecentRecords() {
    const owner = await control().signUp();
    const project = await control().createProject(owner);
    const dataset = await control().createDataset(owner, project);
    const schema = { fields: { plan: 'string', amount: 'number' } } as const;
    const registered = await control().request('POST', `/api/datasets/${project}/${dataset.id}/schema`, {
      token: owner.token,
      body: schema,
    });
    expect(registered.status).toBe(200);
    const validate = compileRecordValidator(schema);
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const records = [
      { timestamp: ago(3_600_000), context: {}, plan: 'pro', amount: 10 },
      { timestamp: ago(3 * 86_400_000), context: {}, plan: 'free', amount: 2 },
    ];
    const rows = records.map((record, index) => {
      const checked = validate(record);
      if (!checked.ok) throw new Error(checked.message);
      const storage = { __traceId: `t${index}`, __ingestedAt: '2026-06-10 00:00:00.000' };
      return { ...checked.row, ...storage, __sourcePartition: 0, __sourceOffset: index, __sourceIndex: 0 };
    });
    await control().warehouse.insert({ table: datasetTableName(dataset.id), rows });
    return (body: unknown) =>
      control().request('POST', `/api/datasets/${project}/${dataset.id}/query`, { token: owner.token, body });
  }

  it('resolves a relative range on the server and answers totals only when asked', async () => {
    const query = await datasetWithRecentRecords();
    const select = [{ field: 'plan' }, { aggregate: 'sum', field: 'amount', as: 'revenue' }];
    const day = await query({ range: { last: '24h' }, select, groupBy: ['plan'] });
    expect(day.status).toBe(200);
    // Exactly the v1 answer's keys: no totals unless asked for.
    expect(Object.keys(day.body as object)).toEqual(['rows', 'dataset']);
    expect(day.body).toMatchObject({ rows: [{ plan: 'pro', revenue: 10 }] });

    const week = await query({ range: { last: '7d' }, select, groupBy: ['plan'], limit: 1, totals: true });
    expect(week.body).toMatchObject({
      rows: [{ plan: 'free', revenue: 2 }],
      truncated: true,
      totals: { revenue: 12 },
    });
  });

  it('refuses a pattern RE2 cannot compile, a lookahead and an unknown time zone with 400', async () => {
    const query = await datasetWithRecentRecords();
    const matching = (value: string) =>
      query({
        range: { last: '7d' },
        select: [{ aggregate: 'count', as: 'n' }],
        where: { field: 'plan', op: 'matches', value },
      });
    expect(await matching('pr(o')).toMatchObject({
      status: 400,
      body: {
        message: 'Invalid regular expression in matches: see RE2 syntax (github.com/google/re2/wiki/Syntax)',
      },
    });
    expect(await matching('pro(?=x)')).toMatchObject({
      status: 400,
      body: { message: MESSAGES.patternUnsupported('plan') },
    });
    const zoned = await query({
      range: { last: '7d' },
      select: [{ aggregate: 'count', as: 'n' }],
      groupBy: [{ bucket: 'day', as: 'day', timeZone: 'Mars/Olympus_Mons' }],
    });
    expect(zoned).toMatchObject({ status: 400, body: { message: 'Invalid time zone: groupBy.0.timeZone' } });
  });
});

describe('the answer bytes', () => {
  /** A ClickHouse string literal: backslash and quote escaped, anything else as it is. */
  const literal = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

  it('are what serialising the parsed rows gives, for values the engine spells its own way', async () => {
    const owner = await control().signUp();
    const project = await control().createProject(owner);
    const dataset = await control().createDataset(owner, project);
    const path = `/api/datasets/${project}/${dataset.id}`;
    const schema = { fields: { plan: 'string', amount: 'number' } };
    const registered = await control().request('POST', `${path}/schema`, {
      token: owner.token,
      body: schema,
    });
    expect(registered.status).toBe(200);
    // Slashes, U+2028, a control character, quotes and emoji in group keys; exponents, -0 and long
    // fractions in aggregates: each is JSON the engine may write differently from JSON.stringify.
    const records: Array<[string, string]> = [
      ['a/b\u2028c', '1e21'],
      ['ctl\u0001 " \\ end', '1e-7'],
      ['neg', '-0.'],
      ['emoji 🚀 ü', '0.1'],
      ['emoji 🚀 ü', '0.2'],
      ['big', '123456789012345680000'],
      ['tiny', '5e-324'],
      ['zzz', '1234.5'],
    ];
    const values = records.map(
      ([plan, amount], index) =>
        `(now64(3), '{}', 't${index}', now64(3), 0, ${index}, 0, ${literal(plan)}, ${amount})`,
    );
    await control().warehouse.command({
      name: 'test.values',
      sql: `INSERT INTO \`${datasetTableName(dataset.id)}\` (timestamp, context, __traceId, __ingestedAt,
        __sourcePartition, __sourceOffset, __sourceIndex, plan, amount) VALUES ${values.join(', ')}`,
    });
    const answer = await control().request('POST', `${path}/query`, {
      token: owner.token,
      body: {
        range: { last: '1h' },
        select: [
          { field: 'plan' },
          { aggregate: 'count', as: 'events' },
          { aggregate: 'sum', field: 'amount', as: 'total' },
          { aggregate: 'min', field: 'amount', as: 'low' },
        ],
        groupBy: ['plan'],
        orderBy: [{ field: 'plan', direction: 'asc' }],
        limit: 6,
        totals: true,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.text).toBe(JSON.stringify(JSON.parse(answer.text)));
    expect(answer.body).toEqual({
      rows: [
        { plan: 'a/b\u2028c', events: '1', total: 1e21, low: 1e21 },
        { plan: 'big', events: '1', total: 123456789012345680000, low: 123456789012345680000 },
        { plan: 'ctl\u0001 " \\ end', events: '1', total: 1e-7, low: 1e-7 },
        { plan: 'emoji 🚀 ü', events: '2', total: 0.30000000000000004, low: 0.1 },
        { plan: 'neg', events: '1', total: 0, low: 0 },
        { plan: 'tiny', events: '1', total: 5e-324, low: 5e-324 },
      ],
      dataset: { id: dataset.id, name: expect.any(String), slug: dataset.slug },
      truncated: true,
      nextCursor: expect.any(String),
      totals: { events: '8', total: expect.any(Number), low: 0 },
    });
  });
});
