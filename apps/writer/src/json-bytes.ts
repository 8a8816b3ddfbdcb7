/**
 * Steps over JSON text as UTF-8 bytes without building values: enough to find where each value
 * starts and ends. Bytes of multi-byte characters are all >= 0x80, so they never look like JSON's
 * structural characters. Each function returns the position after what it stepped over, or -1
 * when the text is not JSON there.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export const JSON_BYTE = { QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA, COLON };

export function skipWhitespace(bytes: Uint8Array, at: number): number {
  let i = at;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}

/** `at` is on an opening quote. */
export function stringEnd(bytes: Uint8Array, at: number): number {
  for (let i = at + 1; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
    else if (c !== undefined && c < 0x20) return -1; // a raw control character: JSON escapes them
  }
  return -1;
}

/**
 * Any value: a string, an object or array (brackets balanced and matched, strings inside skipped),
 * or a number or literal (up to the next delimiter; its spelling is left to whoever parses it).
 */
export function valueEnd(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) return nestedEnd(bytes, at);
  let i = at;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (
      c === COMMA ||
      c === CLOSE_OBJECT ||
      c === CLOSE_ARRAY ||
      c === 0x20 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09
    )
      break;
    if (c === QUOTE || c === OPEN_OBJECT || c === OPEN_ARRAY || c === COLON) return -1;
  }
  return i > at ? i : -1;
}

function nestedEnd(bytes: Uint8Array, at: number): number {
  // The closers still expected, innermost last; rows are flat, so this rarely grows past one.
  const closers: number[] = [];
  for (let i = at; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      i = stringEnd(bytes, i) - 1;
      if (i < 0) return -1;
    } else if (c === OPEN_OBJECT) closers.push(CLOSE_OBJECT);
    else if (c === OPEN_ARRAY) closers.push(CLOSE_ARRAY);
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return i + 1;
    }
  }
  return -1;
}
