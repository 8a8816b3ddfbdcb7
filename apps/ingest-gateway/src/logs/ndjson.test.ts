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

  it('accepts exactly 100 events and refuses the 101st line', () => {
    expect(check(lines(100)).ok).toBe(true);
    expect(check(lines(101))).toEqual({ ok: false, message: 'Too many events (at most 100)', line: 101 });
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
