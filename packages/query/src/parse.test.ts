import { describe, expect, it } from 'vitest';
import { JUNE } from './cases/index.ts';
import { LIMITS } from './limits.ts';
import { parseQuery } from './parse.ts';

const base = { range: JUNE, select: [{ aggregate: 'count', as: 'events' }] };
const leaf = { field: 'country', op: 'eq', value: 'RO' };
const nest = (depth: number): unknown => (depth === 0 ? leaf : { not: nest(depth - 1) });

describe('parseQuery', () => {
  it('fills defaults and normalises the range to canonical ISO', () => {
    const parsed = parseQuery({
      range: { from: '2026-06-10', to: '2026-06-10T23:59:59+02:00' },
      select: [{ field: 'x' }],
    });
    expect(parsed).toEqual({
      ok: true,
      query: {
        range: { from: '2026-06-10T00:00:00.000Z', to: '2026-06-10T21:59:59.000Z' },
        select: [{ field: 'x' }],
        groupBy: [],
        orderBy: [],
        limit: LIMITS.defaultLimit,
        offset: 0,
      },
    });
  });

  it('keeps where and having trees as given', () => {
    const where = { and: [leaf, { or: [leaf, { not: leaf }] }] };
    const parsed = parseQuery({ ...base, where, having: { field: 'events', op: 'gt', value: 1 } });
    expect(parsed.ok && parsed.query.where).toEqual(where);
    expect(parsed.ok && parsed.query.having).toEqual({ field: 'events', op: 'gt', value: 1 });
  });

  it.each([
    ['a body that is not an object', [], 'Query must be a JSON object'],
    ['a null body', null, 'Query must be a JSON object'],
    ['a raw sql key', { ...base, sql: 'SELECT 1' }, 'Unknown key: sql'],
    [
      'a __proto__ key',
      JSON.parse(`{"range":${JSON.stringify(JUNE)},"select":[{"field":"a"}],"__proto__":{"x":1}}`),
      'Unknown key: __proto__',
    ],
    [
      'an unknown key in a select item',
      { ...base, select: [{ field: 'a', raw: '1' }] },
      'Unknown key: select.0.raw',
    ],
    [
      'a long unknown key, cut in the message',
      { ...base, ['k'.repeat(1000)]: 1 },
      `Unknown key: ${'k'.repeat(64)}`,
    ],
    ['an unknown key in range', { ...base, range: { ...JUNE, tz: 'UTC' } }, 'Unknown key: range.tz'],
    [
      'an unknown key in orderBy',
      { ...base, orderBy: [{ field: 'a', direction: 'asc', sql: 'x' }] },
      'Unknown key: orderBy.0.sql',
    ],
    [
      'an unknown key in a bucket',
      { ...base, groupBy: [{ bucket: 'day', as: 'd', tz: 'x' }] },
      'Unknown key: groupBy.0.tz',
    ],
    ['where as a string', { ...base, where: '1=1' }, 'Invalid where: expected a condition object'],
    ['where as an array', { ...base, where: [leaf] }, 'Invalid where: expected a condition object'],
    ['an unknown key in a comparison', { ...base, where: { ...leaf, sql: '1=1' } }, 'Unknown key: where.sql'],
    ['and beside or in one node', { ...base, where: { and: [leaf], or: [leaf] } }, 'Unknown key: where.or'],
    [
      'a nested bad node',
      { ...base, where: { and: [leaf, { or: ['1=1'] }] } },
      'Invalid where.and.1.or.0: expected a condition object',
    ],
    ['a missing range', { select: base.select }, 'Invalid range: expected object, received undefined'],
    [
      'an unparseable from',
      { ...base, range: { ...JUNE, from: 'yesterday' } },
      'Invalid timestamp: range.from',
    ],
    [
      'an impossible date',
      { ...base, range: { ...JUNE, to: '2026-02-30T00:00:00Z' } },
      'Invalid timestamp: range.to',
    ],
    [
      'from after to',
      { ...base, range: { from: JUNE.to, to: JUNE.from } },
      'range.from must not be after range.to',
    ],
    [
      'an empty select',
      { ...base, select: [] },
      'Invalid select: Too small: expected array to have >=1 items',
    ],
    [
      'an unknown aggregate',
      { ...base, select: [{ aggregate: 'median', field: 'a', as: 'm' }] },
      'Unknown aggregate: median',
    ],
    [
      'an aggregate without as',
      { ...base, select: [{ aggregate: 'count' }] },
      'Invalid select.0.as: required',
    ],
    ['a plain field with as', { ...base, select: [{ field: 'a', as: 'b' }] }, 'Unknown key: select.0.as'],
    ['a select item with neither', { ...base, select: [{}] }, 'Invalid select.0: needs field or aggregate'],
    [
      'an alias that is not an identifier',
      { ...base, select: [{ aggregate: 'count', as: 'a-b' }] },
      'Invalid alias: a-b',
    ],
    [
      'an alias with a backtick',
      { ...base, select: [{ aggregate: 'count', as: 'a`' }] },
      'Invalid alias: a`',
    ],
    ['an unknown bucket', { ...base, groupBy: [{ bucket: 'year', as: 'y' }] }, 'Unknown bucket: year'],
    ['a groupBy number', { ...base, groupBy: [1] }, 'Invalid groupBy.0: value has the wrong type'],
    [
      'an unknown direction',
      { ...base, orderBy: [{ field: 'a', direction: 'up' }] },
      'Invalid orderBy.0.direction: Invalid option: expected one of "asc"|"desc"',
    ],
    ['an unknown operator', { ...base, where: { ...leaf, op: 'like' } }, 'Unknown operator: like'],
    [
      'in with a single value',
      { ...base, where: { ...leaf, op: 'in' } },
      'Operator in needs a non-empty array value',
    ],
    [
      'eq with an array',
      { ...base, where: { ...leaf, value: ['RO'] } },
      'Operator eq needs a single value, not an array',
    ],
    [
      'in with an empty array',
      { ...base, where: { ...leaf, op: 'in', value: [] } },
      'Invalid where.value: Too small: expected array to have >=1 items',
    ],
    [
      'a value that is an object',
      { ...base, where: { ...leaf, value: { $ne: 1 } } },
      'Invalid where.value: value has the wrong type',
    ],
    [
      'a list holding an array',
      { ...base, where: { ...leaf, op: 'in', value: [['RO']] } },
      'Invalid where.value.0: value has the wrong type',
    ],
    [
      'a list past its bound',
      { ...base, where: { ...leaf, op: 'in', value: Array(1001).fill('RO') } },
      'Invalid where.value: Too big: expected array to have <=1000 items',
    ],
    [
      'a tree nested too deep',
      { ...base, where: nest(17) },
      `Condition nested too deeply at where${'.not'.repeat(17)}`,
    ],
    [
      'a tree with too many nodes',
      { ...base, where: { or: Array(256).fill(leaf) } },
      'Condition has too many nodes or values',
    ],
    [
      'too many values in one tree',
      { ...base, where: { or: Array(11).fill({ ...leaf, op: 'in', value: Array(1000).fill('RO') }) } },
      'Condition has too many nodes or values',
    ],
    [
      'a percentile level above 1',
      { ...base, select: [{ aggregate: 'percentile', field: 'a', as: 'p', args: { p: 1.5 } }] },
      'Invalid select.0.args.p: Too big: expected number to be <=1',
    ],
    ['a limit of zero', { ...base, limit: 0 }, 'Invalid limit: Too small: expected number to be >=1'],
    [
      'a limit past the maximum',
      { ...base, limit: 10_001 },
      'Invalid limit: Too big: expected number to be <=10000',
    ],
    ['a fractional limit', { ...base, limit: 1.5 }, 'Invalid limit: expected int, received number'],
    ['a limit as a string', { ...base, limit: '100' }, 'Invalid limit: expected number, received string'],
    [
      'an offset past the maximum',
      { ...base, offset: 100_001 },
      'Invalid offset: Too big: expected number to be <=100000',
    ],
    [
      'offset and cursor together',
      { ...base, offset: 1, cursor: 'eyJvIjoxfQ' },
      'Use either offset or cursor, not both',
    ],
    ['a cursor this package did not make', { ...base, cursor: 'bm9wZQ' }, 'Invalid cursor'],
  ])('refuses %s', (_name, body, message) => {
    expect(parseQuery(body)).toEqual({ ok: false, message });
  });

  it('accepts a tree at the depth bound and a list at its bound', () => {
    expect(parseQuery({ ...base, where: nest(16) }).ok).toBe(true);
    expect(parseQuery({ ...base, where: { ...leaf, op: 'in', value: Array(1000).fill('RO') } }).ok).toBe(
      true,
    );
  });

  // zod measured anything with a `length` key, even after its type check failed: a length without a
  // primitive value threw a TypeError (a 500). patches/zod@4.6.7.patch measures only numeric lengths.
  it('refuses, never throws on, an object with a length that has no primitive value', () => {
    const hostile = JSON.parse('{"length": {"toString": null}}');
    const select = [{ aggregate: 'count', as: 'events' }];
    expect(parseQuery({ range: { from: hostile, to: JUNE.to }, select })).toEqual({
      ok: false,
      message: 'Invalid range.from: expected string, received object',
    });
    expect(parseQuery({ range: JUNE, select: hostile }).ok).toBe(false);
    expect(parseQuery({ ...base, where: { ...leaf, op: 'in', value: hostile } }).ok).toBe(false);
  });

  it('turns a cursor into an offset', () => {
    const parsed = parseQuery({ ...base, cursor: Buffer.from('{"o":200}').toString('base64url') });
    expect(parsed.ok && parsed.query.offset).toBe(200);
  });
});
