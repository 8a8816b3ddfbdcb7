import { daysInMonth, normalizeTimestamp } from '@quarry/schema';

const ZERO = 48;
// Positions of the digits in `YYYY-MM-DDThh:mm:ss.sssZ`, and the separators between them.
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const SEPARATORS: [number, string][] = [
  [4, '-'],
  [7, '-'],
  [13, ':'],
  [16, ':'],
  [19, '.'],
];

/**
 * An event's timestamp as DateTime64(3) text, exactly as normalizeTimestamp answers. The form nearly
 * every logger sends (`toISOString()`: `YYYY-MM-DDThh:mm:ss.sssZ`) is checked and cut in place,
 * without the regular expression and the date arithmetic; anything else goes through normalizeTimestamp.
 */
export function logTimestamp(value: unknown): string | null {
  if (typeof value === 'string' && value.length === 24 && isUtcMillis(value))
    return `${value.slice(0, 10)} ${value.slice(11, 23)}`;
  return normalizeTimestamp(value);
}

function isUtcMillis(text: string): boolean {
  for (const at of DIGITS) {
    const code = text.charCodeAt(at) - ZERO;
    if (code < 0 || code > 9) return false;
  }
  for (const [at, separator] of SEPARATORS) if (text[at] !== separator) return false;
  const t = text[10];
  const z = text[23];
  if ((t !== 'T' && t !== 't' && t !== ' ') || (z !== 'Z' && z !== 'z')) return false;
  // Digits are checked above, so each pair is plain arithmetic (no slices to parse).
  const pair = (at: number) => (text.charCodeAt(at) - ZERO) * 10 + text.charCodeAt(at + 1) - ZERO;
  const [year, month, day] = [pair(0) * 100 + pair(2), pair(5), pair(8)];
  // In UTC, the accepted range (1900-01-01 to 2299-12-31 23:59:59.999) is exactly these years.
  if (year < 1900 || year > 2299 || month < 1 || month > 12 || day < 1) return false;
  if (day > daysInMonth(year, month)) return false;
  return pair(11) <= 23 && pair(14) <= 59 && pair(17) <= 59;
}
