import fc from 'fast-check';

/**
 * The fast-check arbitraries the transcoders' property tests share (datasets/batch-bytes.test.ts,
 * logs/batch-bytes.test.ts): mostly what clients send, with the values the byte-level fast path must
 * leave to JSON.parse and validation mixed in.
 */

/** Mostly what a client means to send, sometimes anything at all. */
export const mostly = <T>(usual: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 30 }, fc.anything());
export const plain = fc.stringMatching(/^[ -!#-[\]-~]{0,12}$/); // printable ASCII without `"` or `\`
export const date = fc.date({
  min: new Date('1900-01-01'),
  max: new Date('2299-12-31'),
  noInvalidDate: true,
});

export const timestamp = fc.oneof(
  { arbitrary: date.map((d) => d.toISOString()), weight: 30 },
  date.map((d) => d.toISOString().replace('T', 't').replace('Z', 'z')),
  fc.constantFrom(
    '2026-06-10',
    '2026-06-10T12:00:00+02:00',
    '2026-06-10 12:00:00.123456Z',
    '2026-02-30T00:00:00.000Z',
    '1899-12-31T23:59:59.999Z',
    '2026-06-10T12:00:00.000',
    '２０２６-06-10T10:00:00.000Z',
    '',
  ),
  fc.anything(),
);
export const number = fc.oneof(
  { arbitrary: fc.integer(), weight: 4 },
  { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 100), weight: 8 },
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 1e-6, 0.1, 5e-324, 123456789012345.6, 12345678901234.5, 2 ** 53, 100),
);
export const text = fc.oneof(
  { arbitrary: plain, weight: 30 },
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('"', '\\', '\n', '\u2028', '\ud800', 'é', '🎉', '</script>', ''),
);
const plainJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    plain,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(plain, tie('value'), { maxKeys: 3 }),
  ),
})).value;
/** A nested JSON object (a record's `context`, an event's `metadata`), or now and then anything. */
export const nestedObject = fc.oneof(
  { arbitrary: fc.dictionary(plain, plainJson, { maxKeys: 4 }), weight: 30 },
  fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('1', '01', '__proto__', 'a', '-1')), fc.jsonValue()),
  fc.jsonValue(),
  fc.object(),
);

/** The body's bytes, one body in eight with a byte replaced at random: invalid UTF-8, broken structure, other values. */
export function bytesOf(json: string, at: number, byte: number): Uint8Array {
  const bytes = Buffer.from(json);
  if (at % 8 === 0 && bytes.length > 0) bytes[Math.floor(at / 8) % bytes.length] = byte;
  return new Uint8Array(bytes);
}
