import { INJECTION_STRINGS } from '@quarry/query/cases';
import fc from 'fast-check';

/** U+D800–U+DFFF on its own: valid in a JS string and in JSON's `\uXXXX`, not in UTF-8. */
export const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

const oneCodePoint = (unit: 'binary' | 'binary-ascii' | 'grapheme') =>
  fc.string({ unit, minLength: 1, maxLength: 1 });

/** Characters that break naive code: controls, separators, BOM, noncharacters, quotes, escapes. */
const SPECIAL_CHARS = ['\u0000', '\u0007', '\u001f', '\u2028', '\u2029', '\ufeff', '\uffff', '\ufffd'];
const SYNTAX_CHARS = ['"', "'", '\\', '`', '%', '$', '{', '}', '[', ']', ':', ',', '/', '\t', '\n', '\r'];

/** One unit of hostile text: mostly ordinary, sometimes astral, combining, special or half a pair. */
export const hostileUnit = fc.oneof(
  { weight: 6, arbitrary: oneCodePoint('binary-ascii') },
  { weight: 3, arbitrary: oneCodePoint('binary') },
  { weight: 2, arbitrary: oneCodePoint('grapheme') },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_CHARS, ...SYNTAX_CHARS) },
);

export const hostileString = (maxLength = 40) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: hostileUnit, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  );

/** Keys that collide with Object.prototype, standard fields, array indices, or nothing at all. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const ODD_KEYS = [
  ...PROTOTYPE_KEYS,
  'valueOf',
  '__defineGetter__',
  '',
  ' ',
  '0',
  '-1',
  '1e3',
  'NaN',
  'length',
];

export const hostileKey = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...ODD_KEYS) },
  { weight: 3, arbitrary: hostileString(16) },
);

/** Strings of up to `max` UTF-16 units, built by repetition: fast-check would take seconds per megabyte. */
export const hugeString = (max: number) =>
  fc
    .tuple(fc.integer({ min: 1, max }), fc.string({ unit: hostileUnit, minLength: 1, maxLength: 4 }))
    .map(([length, pattern]) => pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length));

/** A string made to be a field or alias name: identifiers, near-identifiers and outright junk. */
export const nameLike = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_KEYS, 'timestamp', 'context', '__traceId', '__ingestedAt') },
  { weight: 2, arbitrary: hostileString(30) },
);
