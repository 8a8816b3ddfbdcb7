import fc from 'fast-check';
import { hostileString } from './text.ts';

export interface Timestamp {
  text: string;
  /** The instant it names, for ordering a range. */
  ms: number;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * RFC 3339 / ISO 8601 text in every form the contract admits: date only, minutes, seconds, 1–9
 * fraction digits, `T`, `t` or a space, `Z`, `z`, an offset or none (UTC). Years 1901–2298, so no
 * offset can push the instant outside the warehouse's 1900–2299 column range.
 */
export const validTimestamp: fc.Arbitrary<Timestamp> = fc
  .record({
    year: fc.integer({ min: 1901, max: 2298 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.stringMatching(/^[0-9]{1,9}$/),
    precision: fc.constantFrom('date', 'minutes', 'seconds', 'fraction'),
    separator: fc.constantFrom('T', 't', ' '),
    offset: fc.oneof(
      fc.constantFrom('Z', 'z', ''),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
    ),
  })
  .map((t) => {
    const day = 1 + Math.floor(t.dayFraction * daysIn(t.year, t.month));
    const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(day)}`;
    if (t.precision === 'date') return { text: date, ms: Date.UTC(t.year, t.month - 1, day) };
    const [sign, hours, minutes] = typeof t.offset === 'string' ? ['+', 0, 0] : t.offset;
    const zone = typeof t.offset === 'string' ? t.offset : `${sign}${pad(hours)}:${pad(minutes)}`;
    const withSeconds = t.precision !== 'minutes';
    const second = withSeconds ? t.second : 0;
    const fraction = t.precision === 'fraction' ? t.fraction : '';
    const time = `${pad(t.hour)}:${pad(t.minute)}${withSeconds ? `:${pad(second)}` : ''}${fraction ? `.${fraction}` : ''}`;
    const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
    const offsetMs = (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
    const ms = Date.UTC(t.year, t.month - 1, day, t.hour, t.minute, second, millis) - offsetMs;
    return { text: `${date}${t.separator}${time}${zone}`, ms };
  });

/** Near misses the documented rules refuse: impossible dates, hour 24, leap second, out of range, loose forms. */
const NEAR_MISSES = [
  '2026-02-30',
  '2025-02-29T00:00:00Z',
  '2026-13-01',
  '2026-00-10',
  '2026-06-31',
  '2026-06-10T24:00:00Z',
  '2026-06-10T10:60:00Z',
  '2026-06-10T10:00:60Z',
  '2026-06-10T10:00:00+24:00',
  '2026-06-10T10:00:00+05:60',
  '2026-06-10T10:00:00.1234567890Z',
  '2026-06-10T10:00:00.Z',
  '2026-06-10T10Z',
  '2026-06-10T',
  '2026-06-10  10:00',
  '1899-12-31T23:59:59Z',
  '2300-01-01T00:00:00Z',
  '0000-01-01',
  '+002026-06-10',
  '2026-6-10',
  '20260610',
  '2026-06-10T10:00:00 Z',
  ' 2026-06-10',
  '2026-06-10 ',
  'June 10, 2026',
  '1',
  '',
  `2026-06-10T10:00:00.${'0'.repeat(40)}Z`,
];

/** A value that is no timestamp: another JSON type, a near miss, or text that does not start like a date. */
export const invalidTimestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NEAR_MISSES),
  fc.constantFrom(null, true, 0, 1781085600000, [], {}, ['2026-06-10']),
  hostileString(20).filter((text) => !/^\d{4}-\d{2}-\d{2}/.test(text)),
);
