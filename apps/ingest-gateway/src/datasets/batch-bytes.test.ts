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
import { bytesOf, mostly, nestedObject, number, plain, text, timestamp } from '../json-bytes.arbitraries.ts';
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

const record = fc.record(
  {
    timestamp,
    context: nestedObject,
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
    return bytesOf(json, at, byte);
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
