import { describe, expect, it } from 'vitest';
import { isUtcMillis, isUtcMillisAt, normalizeTimestamp, normalizeTimestampText } from './timestamp.ts';

/** A deterministic stream of numbers, so a failure names inputs that can be replayed. */
function* numbers(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    yield state;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Texts shaped like toISOString()'s, with fields a little past their ranges and other separators. */
function isoShaped(seed: number, count: number): string[] {
  const random = numbers(seed);
  const next = (below: number) => (random.next().value as number) % below;
  return Array.from(
    { length: count },
    () =>
      `${pad(1890 + next(420), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}` +
      `${['T', 't', ' ', 'x'][next(4)]}${pad(next(25), 2)}:${pad(next(61), 2)}:${pad(next(61), 2)}` +
      `.${pad(next(1000), 3)}${['Z', 'z', '+', 'Z'][next(4)]}`,
  );
}

const VALID = '2026-06-10T10:20:30.123Z';
/** VALID with a non-digit at each digit position. */
const NON_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22].flatMap((at) =>
  ['x', '/', ':', ' '].map((character) => `${VALID.slice(0, at)}${character}${VALID.slice(at + 1)}`),
);

describe('normalizeTimestamp on toISOString-shaped text (its fast path)', () => {
  it('answers what the regular expression path answers, valid or not', () => {
    // Ranges a little past the valid ones: day 0 and 32, month 13, hour 24, year 1899 and 2300.
    for (const text of isoShaped(19, 5_000)) {
      expect([text, normalizeTimestamp(text)]).toEqual([text, normalizeTimestampText(text)]);
    }
  });

  it('refuses, as the regular expression path does, a non-digit at any digit position', () => {
    for (const text of NON_DIGITS) {
      expect([text, normalizeTimestamp(text)]).toEqual([text, normalizeTimestampText(text)]);
    }
  });

  it.each([
    ['2026-06-10T10:00:00.123Z', '2026-06-10 10:00:00.123'],
    ['2024-02-29T23:59:59.999z', '2024-02-29 23:59:59.999'],
    ['2026-06-10T10:00:00.123+02:00', '2026-06-10 08:00:00.123'],
    ['2026-06-10', '2026-06-10 00:00:00.000'],
    ['2026-06-10T10:00:00.1234Z', '2026-06-10 10:00:00.123'],
  ])('normalizes %s to %s', (text, expected) => {
    expect(normalizeTimestamp(text)).toBe(expected);
  });

  it.each([
    '2023-02-29T00:00:00.000Z',
    '1899-12-31T23:59:59.999Z',
    '2300-01-01T00:00:00.000Z',
    '2026-06-10T10:00:00.12aZ',
    '２０２６-06-10T10:00:00.000Z',
    '',
    42,
    null,
  ])('refuses %s', (value) => {
    expect(normalizeTimestamp(value)).toBeNull();
  });
});

describe('isUtcMillisAt, the same check on bytes where they are in a body', () => {
  it('answers what isUtcMillis answers for the text, valid or not, wherever it starts', () => {
    for (const text of [...isoShaped(23, 5_000), ...NON_DIGITS]) {
      const body = new TextEncoder().encode(`{"timestamp":"${text}"}`);
      expect([text, isUtcMillisAt(body, 14)]).toEqual([text, isUtcMillis(text)]);
    }
  });

  it('refuses a timestamp cut short by the end of the bytes', () => {
    const bytes = new TextEncoder().encode(VALID);
    expect(isUtcMillisAt(bytes, 0)).toBe(true);
    expect(isUtcMillisAt(bytes.subarray(0, 23), 0)).toBe(false);
    expect(isUtcMillisAt(bytes, 1)).toBe(false);
  });
});
