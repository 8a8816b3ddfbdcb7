import fc from 'fast-check';
import { hostileKey, hostileString } from './text.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Finite doubles across the whole range (±0, subnormals, ±1.7e308) and the integer edges. */
export const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53 + 2, Number.MAX_VALUE),
);

/** An object built from entries, so `__proto__` is an own key (as JSON.parse makes it), never a setter. */
export const objectOf = <T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>, maxKeys = 5) =>
  fc.array(fc.tuple(key, value), { maxLength: maxKeys }).map((entries) => Object.fromEntries(entries));

/** Any JSON value with hostile strings and keys, a few levels deep. */
export const jsonValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    anyNumber,
    hostileString(),
    fc.array(tie('value'), { maxLength: 4 }),
    objectOf(hostileKey, tie('value'), 4),
  ),
})).value;

export const jsonObject = objectOf(hostileKey, jsonValue);

/**
 * Number literals JSON.stringify never writes: overflow to ±Infinity, underflow to 0, long mantissas,
 * exponent forms. Each is valid JSON; what it parses to decides whether a number field accepts it.
 */
export const numberLiteral = fc.oneof(
  fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '0e0', '1E+2', '123456789012345678901234567890'),
  fc
    .tuple(fc.integer({ min: -9, max: 9 }), fc.nat(400))
    .map(([mantissa, exponent]) => `${mantissa}e${exponent}`),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
);

/**
 * Nesting as raw text, up to the body limit: `[[[…]]]` or `{"a":{"a":…}}`. Built as text because a
 * client-side JSON.stringify of such a value would overflow its own stack first.
 */
export const deepNesting = (maxDepth: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxDepth }), fc.boolean())
    .map(([depth, arrays]) =>
      arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    );

/** Deep enough for any JSON serializer to give up (a few thousand levels do); deeper only costs time. */
export const DEEP = 50_000;

/** An object nested `depth` levels, as JSON text: `{"a":{"a":…}}` or `{"a":[[…]]}`. */
export const deepObject = (maxDepth: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxDepth }), fc.boolean())
    .map(([depth, arrays]) =>
      arrays
        ? `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    );

/** Bodies that are not JSON at all, or almost JSON: truncations, trailing commas, comments, bytes. */
export const notJson = fc.oneof(
  fc.constantFrom('', ' ', '{', '[', '{"a":}', '[1,]', '{"a":1,}', "{'a':1}", '// x\n{}', 'NaN', 'undefined'),
  fc.constantFrom('{"a":1}}', '[]]', '\ufeff{', '{"a":"\\x41"}', '{"a":"\\u12"}', '"\\ud800', 'nul', 'tru'),
  jsonValue.map((value) => JSON.stringify(value).slice(0, -1)).filter(isNotJson),
  hostileString(60).filter(isNotJson),
);

/** Arbitrary bytes: invalid UTF-8, NULs, a UTF-16 BOM. */
export const rawBytes = fc.uint8Array({ maxLength: 200 });

/** Judged on what the server decodes: fetch sends lone surrogates as U+FFFD and a leading BOM is dropped. */
export function isNotJson(text: string): boolean {
  try {
    JSON.parse(text.toWellFormed().replace(/^\ufeff/, ''));
    return false;
  } catch {
    return true;
  }
}
