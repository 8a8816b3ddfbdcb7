import { describe, expect, it } from 'vitest';
import { isNdjson, validateNdjsonEvents } from './ndjson.ts';

const NOW = new Date('2026-06-10T12:00:00Z');
const check = (text: string) => validateNdjsonEvents(text, NOW);
const lines = (count: number) => Array.from({ length: count }, (_, i) => `{"message":"m${i}"}`).join('\n');

describe('validateNdjsonEvents', () => {
  it('takes one event per line, \\n or \\r\\n, ignoring blank lines and a final newline', () => {
    const result = check('{"message":"a","level":"warn"}\r\n\n   \n{"message":"b"}\n');
    expect(result).toMatchObject({
      ok: true,
      events: [
        { message: 'a', level: 'warn' },
        { message: 'b', level: 'info' },
      ],
    });
  });

  it('names the line of JSON it cannot parse', () => {
    expect(check('{"message":"a"}\n\n{"message":')).toEqual({
      ok: false,
      message: 'Invalid JSON on line 3',
      line: 3,
    });
  });

  it('names the line and the index of the first invalid event, with the JSON body’s message', () => {
    expect(check('{"message":"a"}\n\n{"message":"b","level":"fatal"}')).toEqual({
      ok: false,
      message: 'Invalid level (one of debug, info, warn, error)',
      index: 1,
      line: 3,
    });
    expect(check('[1]')).toMatchObject({ ok: false, message: 'Event must be an object', line: 1 });
  });

  it('is not bound by the JSON body’s 100 events: accepts 10,000 lines and refuses the 10,001st', () => {
    expect(check(lines(10_000))).toMatchObject({ ok: true, events: { length: 10_000 } });
    expect(check(lines(10_001))).toEqual({
      ok: false,
      message: 'Too many events (at most 10000)',
      line: 10_001,
    });
  });

  it('gives every event without a timestamp the same server time', () => {
    const result = check('{"message":"a"}\n{"message":"b"}');
    expect(result.ok && result.events.map((event) => event.timestamp)).toEqual([
      '2026-06-10 12:00:00.000',
      '2026-06-10 12:00:00.000',
    ]);
  });

  it('refuses a body without events', () => {
    for (const body of ['', '\n\r\n  \n'])
      expect(check(body)).toEqual({
        ok: false,
        message: 'No events: the body has no line with a JSON object',
      });
  });
});

describe('isNdjson', () => {
  it.each([
    ['application/x-ndjson', true],
    ['Application/X-NDJSON; charset=utf-8', true],
    ['application/json', false],
    ['application/x-ndjson-stream', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isNdjson(type)).toBe(expected);
  });
});
