import { describe, expect, it } from 'vitest';
import { normalizeTimestamp, timestampToEpochMs } from './timestamp.ts';

describe('normalizeTimestamp', () => {
  it.each([
    ['2026-06-10T12:34:56Z', '2026-06-10 12:34:56.000'],
    ['2026-06-10T12:34:56.789Z', '2026-06-10 12:34:56.789'],
    ['2026-06-10 12:34:56.7Z', '2026-06-10 12:34:56.700'],
    ['2026-06-10t12:34:56z', '2026-06-10 12:34:56.000'],
    ['2026-06-10T12:34:56.123456789Z', '2026-06-10 12:34:56.123'],
    ['2026-06-10T12:34:56.999999Z', '2026-06-10 12:34:56.999'],
    ['2026-06-10T12:34Z', '2026-06-10 12:34:00.000'],
    ['2026-06-10T12:34:56', '2026-06-10 12:34:56.000'],
    ['2026-06-10', '2026-06-10 00:00:00.000'],
    ['2026-06-10T02:00:00+05:30', '2026-06-09 20:30:00.000'],
    ['2026-06-10T23:30:00.250-01:00', '2026-06-11 00:30:00.250'],
    ['2026-12-31T23:59:59.999-00:30', '2027-01-01 00:29:59.999'],
    ['2026-06-10T12:00:00+00:00', '2026-06-10 12:00:00.000'],
    ['2026-06-10T12:00:00+0000', '2026-06-10 12:00:00.000'],
    ['2026-06-10T12:00:00+05', '2026-06-10 07:00:00.000'],
    ['2026-06-10T02:00:00+0530', '2026-06-09 20:30:00.000'],
    ['2026-06-10T12:00:00-0700', '2026-06-10 19:00:00.000'],
    ['2026-06-10 12:00:00.5-03', '2026-06-10 15:00:00.500'],
    ['2026-06-10T12:00:00.5-00:00', '2026-06-10 12:00:00.500'],
    ['2024-02-29T00:00:00Z', '2024-02-29 00:00:00.000'],
    ['2000-02-29T00:00:00Z', '2000-02-29 00:00:00.000'],
    ['1900-01-01T00:00:00Z', '1900-01-01 00:00:00.000'],
    ['2299-12-31T23:59:59.999Z', '2299-12-31 23:59:59.999'],
  ])('normalizes %s to UTC milliseconds', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each([
    ['a bare number', '1'],
    ['a year alone', '2026'],
    ['a month without a day', '2026-06'],
    ['an English date', 'June 10, 2026'],
    ['an RFC 2822 date', 'Wed, 10 Jun 2026 12:00:00 GMT'],
    ['an expanded year', '+002026-06-10T00:00:00Z'],
    ['a basic-format date', '20260610T120000Z'],
    ['an offset with a dangling colon', '2026-06-10T12:00:00+02:'],
    ['a three-digit offset', '2026-06-10T12:00:00+020'],
    ['an offset minute 60 without colon', '2026-06-10T12:00:00+0160'],
    ['a zone name', '2026-06-10T12:00:00 UTC'],
    ['a comma fraction', '2026-06-10T12:00:00,5Z'],
    ['ten fraction digits', '2026-06-10T12:00:00.1234567890Z'],
    ['an empty fraction', '2026-06-10T12:00:00.Z'],
    ['an offset on a date alone', '2026-06-10Z'],
    ['surrounding whitespace', ' 2026-06-10T12:00:00Z'],
    ['two separating spaces', '2026-06-10  12:00:00Z'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-06-00'],
    ['February 30', '2026-02-30'],
    ['February 29 in a common year', '2026-02-29'],
    ['February 29 in 1900', '1900-02-29'],
    ['hour 24', '2026-06-10T24:00:00Z'],
    ['minute 60', '2026-06-10T12:60:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2026-06-10T12:00:00+24:00'],
    ['offset minute 60', '2026-06-10T12:00:00+01:60'],
    ['a year before 1900', '1899-12-31T23:59:59Z'],
    ['an instant pushed before 1900 by its offset', '1900-01-01T00:30:00+01:00'],
    ['a year after 2299', '2300-01-01T00:00:00Z'],
    ['a two-digit-looking year Date.UTC would shift', '0050-01-01T00:00:00Z'],
    ['the empty string', ''],
    ['full-width digits', '２０２６-06-10'],
  ])('refuses %s', (_, input) => {
    expect(normalizeTimestamp(input)).toBeNull();
  });

  it('refuses values that are not strings', () => {
    for (const value of [0, 1_780_000_000_000, null, undefined, true, {}, [], new Date()]) {
      expect(normalizeTimestamp(value)).toBeNull();
    }
  });

  it('refuses oversized strings before matching', () => {
    expect(normalizeTimestamp(`2026-06-10T12:00:00.123456789+05:30${' '.repeat(10_000)}`)).toBeNull();
  });
});

describe('timestampToEpochMs', () => {
  it('agrees with Date.parse on the strings both accept', () => {
    for (const text of ['2026-06-10T12:34:56.789Z', '2026-06-10T02:00:00+05:30', '1970-01-01T00:00:00Z']) {
      expect(timestampToEpochMs(text)).toBe(Date.parse(text));
    }
  });

  it('reads a time without offset as UTC, whatever the server zone', () => {
    expect(timestampToEpochMs('2026-06-10T12:00:00')).toBe(Date.UTC(2026, 5, 10, 12));
  });
});
