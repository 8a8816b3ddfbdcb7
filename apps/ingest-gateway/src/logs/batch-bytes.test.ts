import { serverTime, validateLogEvents } from '@quarry/logs';
import { encodeLogEnvelope, encodeLogEnvelopeEvents, type LogEvent } from '@quarry/pipeline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, date, mostly, nestedObject, plain, text, timestamp } from '../json-bytes.arbitraries.ts';
import { transcodeLogBatch } from './batch-bytes.ts';

const NOW = new Date('2026-06-10T08:09:10.111Z');
const RECEIVED_AT = serverTime(NOW);
const utf8 = new TextDecoder();

/** What the route does with a body the transcoder refuses (and did with every body before it). */
function slowEvents(bytes: Uint8Array): LogEvent[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  const checked = validateLogEvents(body, NOW);
  return checked.ok ? checked.events : undefined;
}

// Around the bounds: a label of 128 units, and of 128 units but more bytes.
const label = fc.oneof(
  { arbitrary: plain, weight: 20 },
  text,
  fc.constantFrom('x'.repeat(128), 'x'.repeat(129), 'é'.repeat(128), 'é'.repeat(65)),
);
const event = fc.record(
  {
    message: mostly(fc.oneof({ arbitrary: plain, weight: 30 }, text)),
    level: mostly(fc.constantFrom('debug', 'info', 'warn', 'error', 'INFO', 'fatal')),
    timestamp,
    metadata: nestedObject,
    env: mostly(label),
    source: mostly(label),
  },
  { requiredKeys: ['message'] },
);
// Keys in another order; the message left out; a key validation does not define.
const changed = event.chain((e) =>
  fc.oneof(
    fc.shuffledSubarray(Object.entries(e), { minLength: Object.keys(e).length }).map(Object.fromEntries),
    fc.constant(Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'message'))),
    fc.jsonValue().map((extra) => ({ ...e, extra })),
  ),
);

/** Ways a client may write the same events, and ways bytes may break. */
const body = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: event, weight: 8 }, changed), { minLength: 1, maxLength: 4 }),
    fc.oneof(
      { arbitrary: fc.constant('compact'), weight: 20 },
      fc.constantFrom('spaced', 'bom', 'escaped', 'duplicate', 'empty', 'extra', 'array', 'many'),
    ),
    fc.nat(),
    fc.integer({ min: 0, max: 255 }),
  )
  .map(([events, style, at, byte]) => {
    const all = style === 'many' ? Array.from({ length: 101 }, (_, i) => events[i % events.length]) : events;
    let json = JSON.stringify(style === 'array' ? all : { events: all }, null, style === 'spaced' ? 1 : 0);
    if (style === 'empty') json = '{"events":[]}';
    if (style === 'extra') json = json.replace(/\}$/, ',"more":1}');
    if (style === 'bom') json = `\ufeff${json}`;
    if (style === 'escaped')
      json = json.replace(/[a-z]/, (char) => `\\u00${char.charCodeAt(0).toString(16)}`);
    if (style === 'duplicate') json = json.replace('{"message"', '{"level":"warn","message"');
    return bytesOf(json, at, byte);
  });

describe('log events copied from the body bytes', () => {
  it('gives exactly the events JSON.parse and validation give, or leaves the body to them', () => {
    let copied = 0;
    fc.assert(
      fc.property(body, (bytes) => {
        const fast = transcodeLogBatch(utf8.decode(bytes), RECEIVED_AT);
        // Handed the bytes the text came from (a keyed request's), it answers the same.
        expect(transcodeLogBatch(utf8.decode(bytes), RECEIVED_AT, bytes)).toEqual(fast);
        if (fast === undefined) return;
        copied++;
        const events = slowEvents(bytes);
        expect(events).toBeDefined();
        expect(fast.json.toString()).toBe(JSON.stringify(events));
        expect(fast.count).toBe(events?.length);
      }),
      { numRuns: 5_000 },
    );
    // Not vacuous: a good share of the generated bodies took the copy.
    expect(copied).toBeGreaterThan(400); // about 700 of 5,000 (bodies of up to 4 events, any one may break it)
  });

  it('takes compact bodies of plain events, the form JSON.stringify and the SDKs send', () => {
    const plainEvent = fc.record(
      {
        message: fc.oneof(
          plain.filter((m) => m.length > 0),
          fc.constantFrom('Ελλάδα 🇬🇷', 'café'),
        ),
        level: fc.constantFrom('debug', 'info', 'warn', 'error'),
        timestamp: fc.oneof(
          date.map((d) => d.toISOString()),
          fc.constantFrom('2026-06-10T12:00:00+02:00'),
        ),
        metadata: fc.dictionary(
          fc.stringMatching(/^[a-z_]{1,8}$/),
          fc.oneof(plain, fc.integer(), fc.boolean()),
        ),
        env: plain,
        source: plain,
      },
      { requiredKeys: ['message'] },
    );
    fc.assert(
      fc.property(fc.array(plainEvent, { minLength: 1, maxLength: 100 }), (events) => {
        const bytes = new Uint8Array(Buffer.from(JSON.stringify({ events })));
        const fast = transcodeLogBatch(utf8.decode(bytes), RECEIVED_AT);
        expect(fast?.json.toString()).toBe(JSON.stringify(slowEvents(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves to validation what it refuses, with its message: too many events, bounds, bad values', () => {
    const event = { message: 'm', level: 'info' };
    const refused = [
      { events: Array.from({ length: 101 }, () => event) },
      { events: [] },
      { events: [{ ...event, message: '' }] },
      { events: [{ ...event, message: 'x'.repeat(32_769) }] },
      { events: [{ ...event, env: 'x'.repeat(129) }] },
      { events: [{ ...event, level: 'fatal' }] },
      { events: [{ ...event, timestamp: '2026-02-30T00:00:00.000Z' }] },
      { events: [{ ...event, metadata: [1] }] },
      { events: [{ ...event, metadata: { big: 'x'.repeat(32_768) } }] },
      { events: [{ level: 'info' }] },
      { events: [{ ...event, extra: 1 }] },
    ];
    for (const body of refused) {
      const bytes = new Uint8Array(Buffer.from(JSON.stringify(body)));
      expect(transcodeLogBatch(utf8.decode(bytes), RECEIVED_AT)).toBeUndefined();
      expect(slowEvents(bytes)).toBeUndefined();
    }
    // At the bounds exactly, both take it.
    const atBounds = { events: [{ message: 'x'.repeat(32_768), env: 'e'.repeat(128), source: '' }] };
    const bytes = new Uint8Array(Buffer.from(JSON.stringify(atBounds)));
    expect(transcodeLogBatch(utf8.decode(bytes), RECEIVED_AT)?.json.toString()).toBe(
      JSON.stringify(slowEvents(bytes)),
    );
  });

  it('tells a repeated key from new ones in a metadata object of many keys too', () => {
    const members = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    const body = (metadata: string[]) =>
      new Uint8Array(Buffer.from(`{"events":[{"message":"m","metadata":{${metadata.join(',')}}}]}`));
    const distinct = body(members);
    expect(transcodeLogBatch(utf8.decode(distinct), RECEIVED_AT)?.json.toString()).toBe(
      JSON.stringify(slowEvents(distinct)),
    );
    // Validation keeps the last value in the first place: only it can say what the text is.
    for (const at of [3, 20, 39]) {
      const repeated = body([...members, `"k${at}":99`]);
      expect(transcodeLogBatch(utf8.decode(repeated), RECEIVED_AT)).toBeUndefined();
      expect(slowEvents(repeated)).toHaveLength(1);
    }
  });

  it('makes the same Kafka message as encoding the events as objects', () => {
    const body = {
      events: [
        { message: 'Ελλάδα 🇬🇷', level: 'warn', metadata: { q: 'a b', n: [1, 2.5], o: {} } },
        { message: 'no timestamp, no level' },
      ],
    };
    const bytes = new Uint8Array(Buffer.from(JSON.stringify(body)));
    const fast = transcodeLogBatch(utf8.decode(bytes), RECEIVED_AT);
    const events = slowEvents(bytes);
    const header = { projectId: 2, acceptedAt: '2026-06-10T00:00:00.000Z', traceId: 'req_1' };
    expect(fast && events).toBeTruthy();
    expect(encodeLogEnvelopeEvents(header, fast?.json ?? Buffer.alloc(0)).toString()).toBe(
      encodeLogEnvelope({ ...header, events: events ?? [] }),
    );
  });
});
