import { encodeDatasetEnvelope, encodeDatasetEnvelopeRows } from '@quarry/pipeline';
import {
  type AddedFields,
  compileRecordValidator,
  type DatasetSchema,
  validateBatch,
  type WarehouseRow,
} from '@quarry/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBatchTranscoder } from './batch-bytes.ts';
import { countMonths } from './months.ts';

// Every field type, a name Object.prototype also has, and two fields a later version added.
// Built from entries: TypeScript types a literal `constructor` key as Object's member.
const SCHEMA: DatasetSchema = {
  fields: Object.fromEntries([
    ['name', 'string'],
    ['amount', 'number'],
    ['active', 'boolean'],
    ['seen_at', 'timestamp'],
    ['constructor', 'string'],
  ] as const),
};
const ADDED: AddedFields = { tier: { type: 'string', default: null }, score: { type: 'number', default: 0 } };
const validate = compileRecordValidator(SCHEMA, ADDED);
const transcode = compileBatchTranscoder(SCHEMA, ADDED);
const utf8 = new TextDecoder();

/** What the route does with a body the transcoder refuses (and did with every body before it). */
function slowRows(bytes: Uint8Array): WarehouseRow[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  const checked = validateBatch(validate, body);
  return checked.ok ? checked.rows : undefined;
}

/** Mostly what a client means to send, sometimes anything at all. */
const mostly = <T>(usual: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 30 }, fc.anything());
const plain = fc.stringMatching(/^[ -!#-[\]-~]{0,12}$/); // printable ASCII without `"` or `\`
const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2299-12-31'), noInvalidDate: true });

const timestamp = fc.oneof(
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
const number = fc.oneof(
  { arbitrary: fc.integer(), weight: 4 },
  { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 100), weight: 8 },
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 1e-6, 0.1, 5e-324, 123456789012345.6, 12345678901234.5, 2 ** 53, 100),
);
const text = fc.oneof(
  { arbitrary: plain, weight: 30 },
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('"', '\\', '\n', '\u2028', '\ud800', 'é', '🎉', '</script>'),
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
const context = fc.oneof(
  { arbitrary: fc.dictionary(plain, plainJson, { maxKeys: 4 }), weight: 30 },
  fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('1', '01', '__proto__', 'a', '-1')), fc.jsonValue()),
  fc.jsonValue(),
  fc.object(),
);
const record = fc.record(
  {
    timestamp,
    context,
    name: mostly(text),
    amount: mostly(number),
    active: mostly(fc.boolean()),
    seen_at: timestamp,
    constructor: text,
    tier: mostly(text),
    score: number,
  },
  { requiredKeys: ['timestamp', 'context', 'name', 'amount', 'active', 'seen_at', 'constructor'] },
);
// Keys in another order; a field left out; a field the schema does not declare.
const changed = record.chain((r) =>
  fc.oneof(
    fc.shuffledSubarray(Object.entries(r), { minLength: Object.keys(r).length }).map(Object.fromEntries),
    fc
      .constantFrom(...Object.keys(r))
      .map((left) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== left))),
    fc.jsonValue().map((extra) => ({ ...r, extra })),
  ),
);

/** Ways a client may write the same records, and ways bytes may break. */
const body = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: record, weight: 8 }, changed), { minLength: 1, maxLength: 3 }),
    fc.oneof(
      { arbitrary: fc.constant('compact'), weight: 10 },
      fc.constantFrom('spaced', 'bom', 'escaped', 'numbers', 'duplicate', 'empty'),
    ),
    fc.nat(),
    fc.integer({ min: 0, max: 255 }),
  )
  .map(([records, style, at, byte]) => {
    let json = style === 'spaced' ? JSON.stringify(records, null, 1) : JSON.stringify(records);
    if (style === 'empty') json = '[]';
    if (style === 'bom') json = `\ufeff${json}`;
    if (style === 'escaped')
      json = json.replace(/[a-z]/, (char) => `\\u00${char.charCodeAt(0).toString(16)}`);
    if (style === 'numbers') json = json.replace(/(\d)(,|\})/, '$1.0$2').replace(/:(\d+)/, ':$1e0');
    if (style === 'duplicate') json = json.replace('{"timestamp"', '{"name":"x","timestamp"');
    const bytes = Buffer.from(json);
    // One body in eight with a byte replaced at random: invalid UTF-8, broken structure, other values.
    if (at % 8 === 0 && bytes.length > 0) bytes[Math.floor(at / 8) % bytes.length] = byte;
    return new Uint8Array(bytes);
  });

describe('batch rows copied from the body bytes', () => {
  it('gives exactly the rows JSON.parse and the validator give, or leaves the body to them', () => {
    let copied = 0;
    fc.assert(
      fc.property(body, (bytes) => {
        const fast = transcode(utf8.decode(bytes));
        // Handed the bytes the text came from (a keyed request's), it answers the same.
        expect(transcode(utf8.decode(bytes), bytes)).toEqual(fast);
        if (fast === undefined) return;
        copied++;
        const rows = slowRows(bytes);
        expect(rows).toBeDefined();
        if (!rows) return;
        expect(fast.json).toBe(JSON.stringify(rows));
        expect(fast.count).toBe(rows.length);
        expect(fast.months).toBe(countMonths(rows, Number.POSITIVE_INFINITY));
      }),
      { numRuns: 5_000 },
    );
    // Not vacuous: a good share of the generated bodies took the copy.
    expect(copied).toBeGreaterThan(500);
  });

  it('takes compact bodies of plain values, the form JSON.stringify and the SDKs send', () => {
    const plainRecord = fc.record({
      timestamp: fc
        .date({ min: new Date('1900-01-01'), max: new Date('2299-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      context: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.oneof(plain, fc.integer(), fc.boolean())),
      name: plain,
      amount: fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
      active: fc.boolean(),
      seen_at: fc.constantFrom('2026-06-10', '2026-06-10T12:00:00+02:00', '2026-06-10T10:00:00.000Z'),
      constructor: plain,
    });
    fc.assert(
      fc.property(fc.array(plainRecord, { minLength: 1, maxLength: 20 }), (records) => {
        const bytes = new Uint8Array(Buffer.from(JSON.stringify(records)));
        const fast = transcode(utf8.decode(bytes));
        expect(fast?.json).toBe(JSON.stringify(slowRows(bytes)));
      }),
      { numRuns: 500 },
    );
  });

  it('makes the same Kafka message as encoding the rows as objects', () => {
    const records = [
      { timestamp: '2026-06-10T12:00:00.000Z', context: { q: 'hi', n: [1, 2.5] }, name: 'Ελλάδα 🇬🇷' },
    ].map((r) => ({ ...r, amount: 12.5, active: true, seen_at: '2026-06-10', constructor: 'c', score: 3 }));
    const bytes = new Uint8Array(Buffer.from(JSON.stringify(records)));
    const fast = transcode(utf8.decode(bytes));
    const rows = slowRows(bytes);
    const header = { datasetId: 13, projectId: 2, acceptedAt: '2026-06-10T00:00:00.000Z', traceId: 'req_1' };
    expect(fast && rows).toBeTruthy();
    expect(encodeDatasetEnvelopeRows(header, fast?.json ?? '')).toBe(
      encodeDatasetEnvelope({ ...header, rows: rows ?? [] }),
    );
  });
});
