import { describe, expect, it } from 'vitest';
import { validateLogEvent, validateLogEvents } from './validate.ts';

const NOW = new Date('2026-06-10T12:34:56.789Z');
const single = (event: unknown) => validateLogEvent(event, NOW);
const batch = (body: unknown) => validateLogEvents(body, NOW);
const refusal = (message: string, index?: number) =>
  index === undefined ? { ok: false, message } : { ok: false, index, message };

describe('validateLogEvent', () => {
  it('fills the defaults: level info, the server time, empty metadata, env and source', () => {
    expect(single({ message: 'hello' })).toEqual({
      ok: true,
      event: {
        message: 'hello',
        level: 'info',
        timestamp: '2026-06-10 12:34:56.789',
        metadata: '{}',
        env: '',
        source: '',
      },
    });
  });

  it('keeps every field given, the timestamp normalized to UTC and metadata as JSON text', () => {
    const result = single({
      message: 'paid',
      level: 'warn',
      timestamp: '2026-06-10T10:00:00.123456+02:00',
      metadata: { order: { id: 7, tags: ['a'] }, ok: true },
      env: 'production',
      source: 'billing',
    });
    expect(result).toEqual({
      ok: true,
      event: {
        message: 'paid',
        level: 'warn',
        timestamp: '2026-06-10 08:00:00.123',
        metadata: '{"order":{"id":7,"tags":["a"]},"ok":true}',
        env: 'production',
        source: 'billing',
      },
    });
  });

  it.each(['debug', 'info', 'warn', 'error'])('accepts level %s', (level) => {
    expect(single({ message: 'm', level })).toMatchObject({ ok: true, event: { level } });
  });

  it.each([
    ['not an object', 'x', 'Event must be an object'],
    ['an array', [{ message: 'm' }], 'Event must be an object'],
    ['null', null, 'Event must be an object'],
    ['no message', { level: 'info' }, 'Missing message'],
    ['a number message', { message: 42 }, 'message must be a string'],
    ['a null message', { message: null }, 'message must be a string'],
    ['an empty message', { message: '' }, 'message must not be empty'],
    ['a message too long', { message: 'x'.repeat(32_769) }, 'message too long (at most 32768 characters)'],
    ['level trace', { message: 'm', level: 'trace' }, 'Invalid level (one of debug, info, warn, error)'],
    ['level INFO', { message: 'm', level: 'INFO' }, 'Invalid level (one of debug, info, warn, error)'],
    ['a null level', { message: 'm', level: null }, 'Invalid level (one of debug, info, warn, error)'],
    [
      'an unparseable timestamp',
      { message: 'm', timestamp: 'June 10' },
      'Invalid timestamp (ISO 8601, e.g. 2026-06-10T10:00:00Z)',
    ],
    [
      'a numeric timestamp',
      { message: 'm', timestamp: 1_781_000_000_000 },
      'Invalid timestamp (ISO 8601, e.g. 2026-06-10T10:00:00Z)',
    ],
    ['array metadata', { message: 'm', metadata: [1] }, 'metadata must be a JSON object'],
    ['null metadata', { message: 'm', metadata: null }, 'metadata must be a JSON object'],
    ['string metadata', { message: 'm', metadata: '{"a":1}' }, 'metadata must be a JSON object'],
    [
      'metadata too large',
      { message: 'm', metadata: { blob: 'x'.repeat(32_760) } },
      'metadata too large (at most 32768 characters of JSON)',
    ],
    ['a number env', { message: 'm', env: 1 }, 'env must be a string'],
    ['a null source', { message: 'm', source: null }, 'source must be a string'],
    ['a long source', { message: 'm', source: 's'.repeat(129) }, 'source too long (at most 128 characters)'],
    ['an unknown field', { message: 'm', servce: 'api' }, 'Unknown field: servce'],
    ['a __proto__ key', JSON.parse('{"message":"m","__proto__":{"level":"x"}}'), 'Unknown field: __proto__'],
  ])('refuses %s', (_, event, message) => {
    expect(single(event)).toEqual(refusal(message));
  });

  it('checks in a fixed order: message before level before unknown keys', () => {
    expect(single({ extra: 1, level: 'bad' })).toEqual(refusal('Missing message'));
    expect(single({ extra: 1, level: 'bad', message: 'm' })).toEqual(
      refusal('Invalid level (one of debug, info, warn, error)'),
    );
  });

  it('shortens a huge unknown key in the message', () => {
    const result = single({ message: 'm', ['k'.repeat(500)]: 1 });
    expect(result).toEqual(refusal(`Unknown field: ${'k'.repeat(64)}…`));
  });

  it('refuses metadata nested past what JSON serialization handles as too deep, not "not an object"', () => {
    const metadata = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    expect(single({ message: 'm', metadata })).toEqual(
      refusal('metadata is nested too deeply to store as JSON'),
    );
  });

  it('refuses metadata an SDK caller cannot serialize (cycles, BigInt, a Date)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const metadata of [cyclic, { n: 1n }, new Date()])
      expect(single({ message: 'm', metadata })).toEqual(refusal('metadata must be a JSON object'));
  });

  it('stores unpaired surrogates in message, env and source as U+FFFD (they have no UTF-8 form)', () => {
    const text = JSON.parse('"x\\ud800"');
    const result = single({ message: text, env: text, source: text });
    expect(result.ok && [result.event.message, result.event.env, result.event.source]).toEqual([
      'x\ufffd',
      'x\ufffd',
      'x\ufffd',
    ]);
  });

  it('accepts a message at exactly the bound, and an empty env', () => {
    expect(single({ message: 'x'.repeat(32_768), env: '' }).ok).toBe(true);
  });
});

describe('validateLogEvents', () => {
  const events = (count: number) => Array.from({ length: count }, (_, i) => ({ message: `m${i}` }));

  it('returns every event in order, all with the same server time when they have none', () => {
    const result = batch({ events: [{ message: 'a' }, { message: 'b', timestamp: '2026-01-01' }] });
    expect(result).toMatchObject({
      ok: true,
      events: [
        { message: 'a', timestamp: '2026-06-10 12:34:56.789' },
        { message: 'b', timestamp: '2026-01-01 00:00:00.000' },
      ],
    });
  });

  it('accepts exactly 100 events and refuses 101', () => {
    expect(batch({ events: events(100) }).ok).toBe(true);
    expect(batch({ events: events(101) })).toEqual(refusal('Too many events (at most 100)'));
  });

  it.each([
    ['an array body', [{ message: 'm' }], 'Missing events: the body must be {"events": [...]}'],
    ['a string body', 'events', 'Missing events: the body must be {"events": [...]}'],
    ['no events key', { event: [] }, 'Missing events: the body must be {"events": [...]}'],
    ['events an object', { events: { message: 'm' } }, 'events must be an array'],
    ['events null', { events: null }, 'events must be an array'],
    ['no events', { events: [] }, 'events must not be empty'],
    ['a top-level extra', { events: events(1), env: 'prod' }, 'Unknown field: env'],
  ])('refuses %s', (_, body, message) => {
    expect(batch(body)).toEqual(refusal(message));
  });

  it('is all or nothing, naming the first invalid event', () => {
    const body = { events: [{ message: 'ok' }, { message: 'ok', level: 'fatal' }, { nope: 1 }] };
    expect(batch(body)).toEqual(refusal('Invalid level (one of debug, info, warn, error)', 1));
  });
});

describe('validateLogEvents metadata, serialized for the whole batch at once', () => {
  // A small seeded generator: the same batches every run, each event's metadata one of many shapes,
  // including every shape the joined serialization must hand back to the per-event path.
  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  class Point {
    x = 1;
  }
  const shapes: ((pick: () => number) => unknown)[] = [
    () => ({}),
    (pick) => ({ route: '/api/orders/:id', status: pick() < 0.5 ? 200 : 500, region: 'eu', attempt: 1 }),
    () => ({ text: '},{', more: 'a},{"b":1},{' }),
    () => ({ list: [{ a: 1 }, { b: 2 }] }),
    () => ({ nested: { deep: { deeper: [1, 'x', null, true] } } }),
    () => ({ unicode: 'é😀\u2028', lone: JSON.parse('"x\\ud800"') }),
    () => ({ 2: 'b', 1: 'a', z: 0, __proto__: null }),
    () => JSON.parse('{"__proto__":{"a":1},"b":2}'),
    () => ({ n: -0, big: 1e21, small: 1e-7 }),
    () => ({ blob: 'x'.repeat(32_760) }),
    () => new Date(0),
    () => [1, 2],
    () => null,
    () => 'text',
    () => cyclic,
    () => ({ n: 1n }),
    () => ({ toJSON: () => 'replaced' }),
    () => ({ toJSON: () => ({ a: '},{' }) }),
    () => Object.assign(Object.create(null), { a: 1 }),
    () => new Point(),
  ];
  const event = (pick: () => number, i: number) => {
    const value: Record<string, unknown> = { message: `m${i}` };
    if (pick() < 0.1) value.level = 'fatal';
    if (pick() < 0.85) value.metadata = shapes[Math.floor(pick() * shapes.length)]?.(pick);
    return value;
  };

  it('answers as checking each event alone does, for 3,000 generated batches', () => {
    let joinedAnswers = 0;
    for (let seed = 1; seed <= 3_000; seed++) {
      const pick = random(seed);
      const count = 1 + Math.floor(pick() * 12);
      const events = Array.from({ length: count }, (_, i) => event(pick, i));
      const alone = events.map((value) => single(value));
      const firstBad = alone.findIndex((result) => !result.ok);
      const expected =
        firstBad < 0
          ? { ok: true, events: alone.map((result) => (result.ok ? result.event : undefined)) }
          : refusal((alone[firstBad] as { message: string }).message, firstBad);
      expect([seed, batch({ events })]).toEqual([seed, expected]);
      if (firstBad < 0 && events.filter((value) => value.metadata !== undefined).length > 1) joinedAnswers++;
    }
    expect(joinedAnswers).toBeGreaterThan(100);
  });
});
