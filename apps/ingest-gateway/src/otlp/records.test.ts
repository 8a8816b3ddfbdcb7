import { describe, expect, it } from 'vitest';
import { keyValues } from './any-value.ts';
import { isoTime, levelOf, toLogEvents } from './records.ts';

const NOW = new Date('2026-06-10T12:00:00Z');
const attribute = (key: string, value: object) => ({ key, value });

describe('levelOf', () => {
  it.each([
    [1, 'debug'],
    [8, 'debug'],
    [9, 'info'],
    [12, 'info'],
    [13, 'warn'],
    [17, 'error'],
    [24, 'error'],
  ])('severity number %i is %s', (number, level) => {
    expect(levelOf(number, undefined)).toBe(level);
  });

  it('reads proto3 JSON enum names, then the severity text, else info', () => {
    expect(levelOf('SEVERITY_NUMBER_WARN2', undefined)).toBe('warn');
    expect(levelOf(0, 'Warning')).toBe('warn');
    expect(levelOf(undefined, 'fatal')).toBe('error');
    expect(levelOf(undefined, 'notice')).toBe('info');
    expect(levelOf(undefined, undefined)).toBe('info');
  });
});

describe('isoTime', () => {
  it('keeps nanoseconds since the epoch to the millisecond, as a decimal string or a number', () => {
    expect(isoTime('1781092800123456789')).toBe('2026-06-10T12:00:00.123Z');
    expect(isoTime(1_781_092_800_123_000_000)).toBe('2026-06-10T12:00:00.123Z');
  });

  it('treats 0 and anything else as unset', () => {
    for (const value of ['0', 0, 'soon', -1, null, undefined]) expect(isoTime(value)).toBeUndefined();
  });
});

describe('keyValues', () => {
  it('nests dotted keys, keeping whole a key whose prefix is a key too', () => {
    const list = [
      attribute('http.method', { stringValue: 'GET' }),
      attribute('http.status_code', { intValue: '200' }),
      attribute('http', { stringValue: 'clash' }),
      attribute('a..b', { boolValue: false }),
    ];
    expect(JSON.parse(JSON.stringify(keyValues(list)))).toEqual({
      'http.method': 'GET',
      'http.status_code': 200,
      http: 'clash',
      'a..b': false,
    });
    expect(JSON.stringify(keyValues(list.slice(0, 2)))).toBe('{"http":{"method":"GET","status_code":200}}');
  });

  it('never touches a prototype and cuts values nested too deeply', () => {
    const result = keyValues([attribute('__proto__.polluted', { stringValue: 'yes' })]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":"yes"}}');
    let deep: object = { stringValue: 'bottom' };
    for (let i = 0; i < 100; i++) deep = { arrayValue: { values: [deep] } };
    expect(JSON.stringify(keyValues([attribute('deep', deep)]))).toContain('"[nested too deeply]"');
  });
});

describe('toLogEvents', () => {
  it('reads int64 beyond 2^53 as text, bytes and ids as given, and the observed time when time is unset', () => {
    const request = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  observedTimeUnixNano: '1781092800000000000',
                  body: { intValue: '9007199254740993' },
                  traceId: '5b8efff798038103d269b633813fc60c',
                },
              ],
            },
          ],
        },
      ],
    };
    expect(toLogEvents(request, NOW)).toEqual({
      ok: true,
      value: {
        rejected: 0,
        events: [
          {
            message: '9007199254740993',
            level: 'info',
            timestamp: '2026-06-10 12:00:00.000',
            metadata: '{"traceId":"5b8efff798038103d269b633813fc60c"}',
            env: '',
            source: '',
          },
        ],
      },
    });
  });

  it('cuts a body over the message limit instead of rejecting the record', () => {
    const request = {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'x'.repeat(40_000) } }] }] }],
    };
    const result = toLogEvents(request, NOW);
    expect(result.ok && result.value.events[0]?.message.length).toBe(32_768);
  });
});
