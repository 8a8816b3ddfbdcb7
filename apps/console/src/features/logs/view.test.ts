import { describe, expect, it } from 'vitest';
import { filtersOf, leaves, parseFilter, parseView, prependNewest, rangeOf } from './view';

describe('the log explorer view in the URL', () => {
  it('reads metadata filters as typed, with or without the metadata. prefix, and exclusions', () => {
    expect(parseFilter('metadata.userId = 123')).toEqual({ path: 'userId', value: '123' });
    expect(parseFilter('user.id!=7')).toEqual({ path: 'user.id', value: '7', not: true });
    expect(parseFilter('name = "a b"')).toEqual({ path: 'name', value: 'a b' });
    expect(parseFilter('no operator')).toBeNull();
    expect(parseFilter('a..b = 1')).toBeNull();
  });

  it('keeps what it understands from a hand-edited link and drops the rest', () => {
    expect(parseView({ range: '1y', levels: 'error', filter: ['userId=1', 'junk'], text: 42 })).toEqual({
      levels: 'error',
      filter: ['userId=1'],
    });
    expect(parseView({ filter: 'userId=1', range: '15m' })).toEqual({ range: '15m', filter: ['userId=1'] });
  });

  it('turns the view into the API filters, levels only when some are left out', () => {
    expect(filtersOf({})).toEqual({});
    expect(
      filtersOf({ levels: 'warn,error', filter: ['userId=123', 'plan!=free'], env: 'prod', text: 'x' }),
    ).toEqual({
      levels: ['warn', 'error'],
      text: 'x',
      metadata: [
        { path: 'userId', value: '123' },
        { path: 'plan', value: 'free', not: true },
      ],
      env: 'prod',
    });
  });

  it('means a preset relative to now, and an absolute range as written', () => {
    const now = new Date('2026-12-05T10:00:00.000Z');
    expect(rangeOf({ range: '15m' }, now)).toEqual({
      from: '2026-12-05T09:45:00.000Z',
      to: now.toISOString(),
    });
    expect(rangeOf({}, now).from).toBe('2026-12-05T09:00:00.000Z');
    expect(rangeOf({ from: 'a', to: 'b', range: '5m' }, now)).toEqual({ from: 'a', to: 'b' });
  });

  it('puts tailed events on top, newest first, without duplicates, within the cap', () => {
    const list = [{ id: 'b' }, { id: 'a' }];
    expect(prependNewest(list, [{ id: 'b' }, { id: 'c' }, { id: 'd' }], 3)).toEqual([
      { id: 'd' },
      { id: 'c' },
      { id: 'b' },
    ]);
  });

  it('lists metadata leaves by dotted path', () => {
    expect(leaves({ user: { id: 42, tags: ['a'] }, ok: true, none: null })).toEqual([
      { path: 'user.id', value: '42' },
      { path: 'ok', value: 'true' },
    ]);
  });
});
