/**
 * The timestamps Quarry accepts, decided once for the gateway, the SDK and the query compiler:
 * - a calendar date `YYYY-MM-DD` is required; a date alone means midnight UTC;
 * - a time follows `T`, `t` or one space, as `hh:mm`, `hh:mm:ss` or `hh:mm:ss.f` (1-9 digits);
 * - the offset is `Z`, `z`, `±hh:mm`, `±hhmm` or `±hh` (Python's `%z`, many loggers); a time without
 *   one is read as UTC, never as server-local;
 * - every part is range-checked (no Feb 30, no hour 24, no leap second 60);
 * - the instant must fit ClickHouse DateTime64: 1900-01-01 to 2299-12-31 23:59:59.999 UTC.
 * Anything else is refused, including what `Date.parse` would guess at ("1", "June 10", "+002026").
 * Digits past milliseconds are truncated, as ClickHouse does when it parses DateTime64(3).
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const MAX_TIMESTAMP_LENGTH = 35;

export const MIN_TIMESTAMP_MS = Date.UTC(1900, 0, 1);
export const MAX_TIMESTAMP_MS = Date.UTC(2300, 0, 1) - 1;

/**
 * The UTC instant as ClickHouse DateTime64(3, 'UTC') text (`YYYY-MM-DD hh:mm:ss.sss`),
 * or null when the value is not an accepted timestamp string.
 */
export function normalizeTimestamp(value: unknown): string | null {
  // The form nearly every client sends (`toISOString()`) is checked and cut in place, without the
  // regular expression and the date arithmetic: a quarter of a 100-record batch's CPU went there.
  if (typeof value === 'string' && value.length === 24 && isUtcMillis(value))
    return `${value.slice(0, 10)} ${value.slice(11, 23)}`;
  return normalizeTimestampText(value);
}

/** normalizeTimestamp without its fast path: every accepted form through the regular expression. */
export function normalizeTimestampText(value: unknown): string | null {
  const match = matchTimestamp(value);
  if (match === null) return null;
  const [, y = '', mo = '', d = '', h = '00', mi = '00', s = '00', fraction = '', offset = 'Z'] = match;
  const ms = epochMs(match);
  if (ms === null) return null;
  // Text already in UTC is its own answer: skipping the Date round trip doubles the common case's speed.
  if (parseOffset(offset) === 0) return `${y}-${mo}-${d} ${h}:${mi}:${s}.${millisText(fraction)}`;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Milliseconds since the epoch for an accepted timestamp string, else null. */
export function timestampToEpochMs(value: unknown): number | null {
  const match = matchTimestamp(value);
  return match === null ? null : epochMs(match);
}

function matchTimestamp(value: unknown): RegExpExecArray | null {
  if (typeof value !== 'string' || value.length > MAX_TIMESTAMP_LENGTH) return null;
  return TIMESTAMP.exec(value);
}

function epochMs(match: RegExpExecArray): number | null {
  const [, y, mo, d, h, mi, s, fraction = '', offset = 'Z'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)];
  // Years outside this window cannot land in range even after a ±23:59 offset; Date.UTC would
  // also misread 0000-0099 as 1900-1999.
  if (year < 1899 || year > 2300 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = parseOffset(offset);
  if (offsetMinutes === null) return null;
  const millis = Number(millisText(fraction));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS ? ms : null;
}

function millisText(fraction: string): string {
  return fraction.length === 3 ? fraction : fraction.padEnd(3, '0').slice(0, 3);
}

function parseOffset(offset: string): number | null {
  if (offset === 'Z' || offset === 'z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(3).replace(':', '') || '0');
  if (hours > 23 || minutes > 59) return null;
  return (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const ZERO = 48;

/**
 * `YYYY-MM-DDThh:mm:ss.sssZ` (24 characters) naming an accepted instant: its UTC form is the text
 * with a space for the `T` and without the `Z` (the gateway copies it so from a request's bytes).
 * Straight-line character codes, no arrays, closures or one-character strings: it runs once per log
 * event and per dataset timestamp, and a loop over position tables was 3% of a log batch's CPU.
 */
export function isUtcMillis(text: string): boolean {
  // Separators: `-`, `-`, `T`/`t`/space, `:`, `:`, `.`, then `Z`/`z`.
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return false;
  if (text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) return false;
  if (!isDateTimeSeparator(text.charCodeAt(10)) || !isZulu(text.charCodeAt(23))) return false;
  // A position past the end reads NaN, which is no digit.
  if (!isDigit(text.charCodeAt(20)) || !isDigit(text.charCodeAt(21)) || !isDigit(text.charCodeAt(22)))
    return false;
  const year = digits4(text, 0);
  return isAcceptedUtc(
    year,
    digits2(text, 5),
    digits2(text, 8),
    digits2(text, 11),
    digits2(text, 14),
    digits2(text, 17),
  );
}

/**
 * isUtcMillis of the 24 bytes at `start`: the gateway reads a request's timestamps where they are in
 * its bytes. Cutting a string out of the body for each was a fifth of a 100-record batch's
 * transcoding (its two timestamps per record).
 */
export function isUtcMillisAt(bytes: Uint8Array, start: number): boolean {
  if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45 || bytes[start + 13] !== 58) return false;
  if (bytes[start + 16] !== 58 || bytes[start + 19] !== 46) return false;
  if (!isDateTimeSeparator(bytes[start + 10]) || !isZulu(bytes[start + 23])) return false;
  // A position past the end reads undefined, which is no digit.
  if (!isDigit(bytes[start + 20]) || !isDigit(bytes[start + 21]) || !isDigit(bytes[start + 22])) return false;
  return isAcceptedUtc(
    byteDigits4(bytes, start),
    byteDigits2(bytes, start + 5),
    byteDigits2(bytes, start + 8),
    byteDigits2(bytes, start + 11),
    byteDigits2(bytes, start + 14),
    byteDigits2(bytes, start + 17),
  );
}

/** `T`, `t` or a space between date and time. */
function isDateTimeSeparator(code: number | undefined): boolean {
  return code === 84 || code === 116 || code === 32;
}

function isZulu(code: number | undefined): boolean {
  return code === 90 || code === 122;
}

/** The fields' ranges; -1 (a non-digit) is refused by each field's lower bound. */
function isAcceptedUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
) {
  // In UTC, the accepted range (1900-01-01 to 2299-12-31 23:59:59.999) is exactly these years.
  if (!(year >= 1900 && year <= 2299 && month >= 1 && month <= 12 && day >= 1)) return false;
  if (day > daysInMonth(year, month)) return false;
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= ZERO && code <= ZERO + 9;
}

/** Two decimal digits at `at` as a number, or -1 if either is not a digit. */
function digits2(text: string, at: number): number {
  const high = text.charCodeAt(at);
  const low = text.charCodeAt(at + 1);
  return isDigit(high) && isDigit(low) ? (high - ZERO) * 10 + low - ZERO : -1;
}

function byteDigits2(bytes: Uint8Array, at: number): number {
  const high = bytes[at];
  const low = bytes[at + 1];
  return isDigit(high) && isDigit(low) ? ((high as number) - ZERO) * 10 + (low as number) - ZERO : -1;
}

function digits4(text: string, at: number): number {
  return fourDigits(digits2(text, at), digits2(text, at + 2));
}

function byteDigits4(bytes: Uint8Array, at: number): number {
  return fourDigits(byteDigits2(bytes, at), byteDigits2(bytes, at + 2));
}

function fourDigits(high: number, low: number): number {
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
