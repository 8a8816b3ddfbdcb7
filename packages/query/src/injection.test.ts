import { describe, expect, it } from 'vitest';
import { FIXTURE_TARGET, INJECTION_STRINGS, JUNE, NESTED_VALUES } from './cases/index.ts';
import { IDENTIFIER } from './limits.ts';
import { prepareQuery } from './prepare.ts';

type Path = (string | number)[];

/** A query using every position the language has; each test breaks one position at a time. */
const full = () => ({
  range: { ...JUNE },
  select: [
    { field: 'country' },
    { aggregate: 'sum', field: 'amount', as: 'revenue' },
    { aggregate: 'percentile', field: 'amount', args: { p: 0.5 }, as: 'median' },
  ],
  where: {
    and: [{ field: 'plan', op: 'eq', value: 'pro' }, { not: { field: 'amount', op: 'in', value: [1] } }],
  },
  groupBy: ['country', { bucket: 'day', as: 'day' }],
  having: { field: 'revenue', op: 'gt', value: 0 },
  orderBy: [{ field: 'revenue', direction: 'desc' }],
  limit: 10,
  offset: 0,
});

const NAME_PATHS: Path[] = [
  ['select', 0, 'field'],
  ['select', 1, 'aggregate'],
  ['select', 1, 'field'],
  ['select', 1, 'as'],
  ['where', 'and', 0, 'field'],
  ['where', 'and', 0, 'op'],
  ['where', 'and', 1, 'not', 'field'],
  ['groupBy', 0],
  ['groupBy', 1, 'bucket'],
  ['groupBy', 1, 'as'],
  ['having', 'field'],
  ['having', 'op'],
  ['orderBy', 0, 'field'],
  ['orderBy', 0, 'direction'],
];
const VALUE_PATHS: Path[] = [
  ['range', 'from'],
  ['range', 'to'],
  ['select', 2, 'args', 'p'],
  ['having', 'value'],
  ['limit'],
  ['offset'],
];
const CONTAINER_PATHS: Path[] = [
  [],
  ['range'],
  ['select', 0],
  ['select', 1],
  ['select', 2, 'args'],
  ['where'],
  ['where', 'and', 0],
  ['where', 'and', 1],
  ['where', 'and', 1, 'not'],
  ['groupBy', 1],
  ['having'],
  ['orderBy', 0],
];

function edit(path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void) {
  const body: Record<string | number, unknown> = structuredClone(full());
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>((node, key) => node[key] as never, body);
  change(parent, path.at(-1) ?? '');
  return body;
}
const withValue = (path: Path, value: unknown) => edit(path, (parent, key) => (parent[key] = value));
const compile = (body: unknown) => prepareQuery(body, FIXTURE_TARGET);
const label = (value: unknown) => JSON.stringify(value)?.slice(0, 40);

describe('hostile input', () => {
  it('starts from a query that compiles', () => {
    expect(compile(full()).ok).toBe(true);
  });

  describe.each(NAME_PATHS.map((path) => [path.join('.'), path] as const))('as a name at %s', (_at, path) => {
    it.each(INJECTION_STRINGS.map((text) => [label(text), text] as const))('refuses %s', (_text, text) => {
      const result = compile(withValue(path, text));
      // Only a plain identifier may pass (an alias such as `constructor`): it is then quoted, not escaped.
      if (result.ok) expect(text).toMatch(IDENTIFIER);
    });
  });

  describe.each(['eq', 'neq', 'gt', 'contains', 'startsWith', 'in', 'notIn'])('as a %s value', (op) => {
    const body = (value: string) =>
      withValue(['where', 'and', 0], { field: 'plan', op, value: op.endsWith('n') ? [value] : value });
    const benign = compile(body('benign'));

    it.each(INJECTION_STRINGS.map((text) => [label(text), text] as const))(
      'keeps %s in params',
      (_text, text) => {
        const result = compile(body(text));
        expect(result.ok && benign.ok).toBe(true);
        if (!result.ok || !benign.ok) return;
        expect(result.compiled.sql).toBe(benign.compiled.sql);
        expect(
          JSON.stringify(result.compiled.params, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
        ).toContain(JSON.stringify(text).slice(1, -1));
      },
    );
  });

  it.each(INJECTION_STRINGS.map((text) => [label(text), text] as const))(
    'refuses %s for typed fields and range',
    (_t, text) => {
      for (const field of ['amount', 'active', 'signup_at', 'timestamp']) {
        expect(compile(withValue(['where', 'and', 0], { field, op: 'eq', value: text })).ok).toBe(false);
      }
      for (const path of VALUE_PATHS) expect(compile(withValue(path, text)).ok).toBe(false);
      expect(compile({ ...full(), offset: undefined, cursor: text }).ok).toBe(false);
    },
  );

  const positions = [...NAME_PATHS, ...VALUE_PATHS, ...CONTAINER_PATHS.filter((path) => path.length > 0)];
  describe.each(positions.map((path) => [path.join('.'), path] as const))(
    'a nested value at %s',
    (at, path) => {
      it.each(NESTED_VALUES.map((value) => [label(value), value] as const))('refuses %s', (_v, value) => {
        const emptyListIsFine =
          (at === 'groupBy' || at === 'orderBy') && Array.isArray(value) && value.length === 0;
        if (!emptyListIsFine) expect(compile(withValue(path, value)).ok).toBe(false);
      });
    },
  );

  describe.each(CONTAINER_PATHS.map((path) => [path.join('.') || '(root)', path] as const))(
    'an extra key in %s',
    (_at, path) => {
      it.each(['sql', 'raw', '__proto__', 'constructor', 'toString'])('refuses %s naming it', (key) => {
        const body = edit([...path, key], (parent, name) =>
          Object.defineProperty(parent, name, {
            value: '1=1',
            enumerable: true,
            configurable: true,
            writable: true,
          }),
        );
        expect(compile(body)).toEqual({ ok: false, message: `Unknown key: ${[...path, key].join('.')}` });
      });
    },
  );

  it('refuses numbers JSON turns into Infinity and keeps 2^64 exact as a parameter', () => {
    const huge = JSON.parse('1e400');
    expect(compile(withValue(['having', 'value'], huge))).toEqual({
      ok: false,
      message: 'Invalid having.value: value has the wrong type',
    });
    expect(compile(withValue(['limit'], huge)).ok).toBe(false);
    expect(compile(withValue(['limit'], 2 ** 64)).ok).toBe(false);
    expect(compile(withValue(['select', 2, 'args', 'p'], Number.NaN)).ok).toBe(false);
    const big = compile(withValue(['having', 'value'], 2 ** 64));
    expect(big.ok && Object.values(big.compiled.params)).toContain(2n ** 64n);
  });

  it('never pollutes Object.prototype', () => {
    compile(JSON.parse('{"__proto__": {"polluted": true}, "range": {"__proto__": {"polluted": true}}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
