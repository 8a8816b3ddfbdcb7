import { isUtf8 } from 'node:buffer';
import { isUtcMillisAt, normalizeTimestamp } from '@quarry/schema';

/**
 * What the byte-level transcoders (dataset batches, log batches) share: reading a compact JSON body
 * as bytes and writing the JSON text the slow path (JSON.parse, validation, JSON.stringify) would
 * give, without building objects. They only ever vouch for a body; anything they cannot prove gives
 * the same text sends it to the slow path, where every refusal comes from.
 */

export const C = {
  quote: 0x22,
  backslash: 0x5c,
  comma: 0x2c,
  colon: 0x3a,
  openObject: 0x7b,
  closeObject: 0x7d,
  openArray: 0x5b,
  closeArray: 0x5d,
  minus: 0x2d,
  dot: 0x2e,
  zero: 0x30,
  nine: 0x39,
  space: 0x20,
} as const;
const MAX_NESTED_DEPTH = 64;
export const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const LITERALS = [ascii('true'), ascii('false'), ascii('null')];

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of bytes: keys are told apart by it, without a string per key (a collision only sends a body to the slow path). */
export function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return hash >>> 0;
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

// The body's UTF-8 and the output are written in arrays shared by requests (both are done with
// before the transcoder returns): fresh ones were 70 KB per request outside the heap, and V8 runs
// its collector sooner the more of that there is (6% of the gateway's CPU instead of 2-3%).
const KEPT_SCRATCH_BYTES = 1024 * 1024;
const scratch = { input: new Uint8Array(64 * 1024), output: new Uint8Array(64 * 1024) };

function scratchOf(which: keyof typeof scratch, bytes: number): Uint8Array {
  if (bytes <= scratch[which].length) return scratch[which];
  const fresh = new Uint8Array(bytes);
  if (bytes <= KEPT_SCRATCH_BYTES) scratch[which] = fresh;
  return fresh;
}

/**
 * The body as a transcoder reads it: its UTF-8 bytes and their Latin-1 reading (one character per
 * byte, so timestamps are read with slice()), or undefined for a text JSON.stringify could not give
 * back. `bytes`, the body's bytes when a step already read them (the Idempotency-Key's fingerprint),
 * spares encoding the text back into UTF-8.
 */
export function bodyOf(text: string, bytes?: Uint8Array): { body: Uint8Array; latin1: string } | undefined {
  // Request#text never has a lone surrogate (JSON.stringify would escape it).
  if (!text.isWellFormed()) return undefined;
  // Bytes that are not UTF-8 were read as U+FFFD: only their text's encoding matches it.
  const body = bytes && isUtf8(bytes) ? withoutByteOrderMark(bytes) : utf8Of(text);
  // One character per byte when the text is ASCII; else a Latin-1 reading of the bytes is.
  const latin1 =
    body.length === text.length
      ? text
      : Buffer.from(body.buffer, body.byteOffset, body.length).toString('latin1');
  return { body, latin1 };
}

// The text was decoded without it (TextDecoder drops a leading byte-order mark, as Request#text does).
function withoutByteOrderMark(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function utf8Of(text: string): Uint8Array {
  const into = scratchOf('input', text.length * 3); // at most three bytes per UTF-16 unit
  const { written } = encoder.encodeInto(text, into);
  return into.subarray(0, written);
}

/** A cursor over the body's bytes and the output it writes. */
export class JsonBytes {
  protected at = 0;
  protected readonly body: Uint8Array;
  /** The body read as Latin-1: one character per byte. */
  protected readonly text: string;
  private readonly out: Uint8Array;
  private written = 0;

  /** `maxOutput`: the most bytes the subclass can write for this body; writes past it are dropped. */
  constructor(body: Uint8Array, text: string, maxOutput: number) {
    this.body = body;
    this.text = text;
    this.out = scratchOf('output', maxOutput);
  }

  /** What was written, or undefined if it did not fit (the subclass's bound was wrong). */
  protected output(): string | undefined {
    if (this.written > this.out.length) return undefined;
    return utf8.decode(this.out.subarray(0, this.written));
  }

  /**
   * What was written as bytes of its own (the output array is shared), or undefined if it did not
   * fit. Outside the heap: a request's message waits there for the broker's ack, and a string of it
   * would be copied by every collection meanwhile.
   */
  protected outputBytes(): Buffer | undefined {
    if (this.written > this.out.length) return undefined;
    return Buffer.from(this.out.subarray(0, this.written));
  }

  /**
   * A timestamp string at the cursor, moved past: false when normalizeTimestamp refuses it; null
   * when it is `YYYY-MM-DDThh:mm:ss.sssZ`, whose UTC form is its bytes with `T` as a space and `Z`
   * dropped (putTimestamp copies them); else its normalized form.
   */
  protected timestamp(): string | null | false {
    const start = this.at + 1;
    if (this.body[this.at] !== C.quote) return false;
    const end = this.stringEnd();
    if (end < 0) return false;
    if (end - 1 - start === 24 && isUtcMillisAt(this.body, start)) return null;
    return normalizeTimestamp(this.text.slice(start, end - 1)) ?? false;
  }

  /** Any JSON value that JSON.stringify(JSON.parse(text)) gives back byte for byte. */
  protected value(depth: number): boolean {
    const { body } = this;
    const first = body[this.at];
    if (first === C.quote) return this.stringEnd() > 0;
    if (first === C.openObject || first === C.openArray) {
      if (depth > MAX_NESTED_DEPTH) return false;
      const object = first === C.openObject;
      const close = object ? C.closeObject : C.closeArray;
      this.at++;
      if (body[this.at] === close) return this.skip(1);
      const keys = object ? new KeyHashes() : undefined;
      for (;;) {
        if (keys && !this.objectKey(keys)) return false;
        if (!this.value(depth + 1)) return false;
        const next = body[this.at++];
        if (next === close) return true;
        if (next !== C.comma) return false;
      }
    }
    if (first === C.minus || isDigit(first)) return this.number();
    return this.literal(0) || this.literal(1) || this.literal(2);
  }

  /**
   * A key of a nested object, then its colon. A repeated key (JSON.parse keeps the last value in the
   * first place) or one starting with a digit (an index sorts first) cannot be kept as is.
   */
  private objectKey(keys: KeyHashes): boolean {
    const start = this.at + 1;
    const end = this.stringEnd();
    if (end < 0 || isDigit(this.body[start])) return false;
    // Repeated, or only a collision: the slow path decides.
    if (!keys.add(hashOf(this.body, start, end - 1))) return false;
    return this.body[this.at++] === C.colon;
  }

  /** Moves past a string without escapes or control characters; its end (after the quote), or -1. */
  protected stringEnd(): number {
    const { body } = this;
    if (body[this.at] !== C.quote) return -1;
    for (let i = this.at + 1; i < body.length; i++) {
      const byte = body[i] as number;
      if (byte === C.quote) {
        this.at = i + 1;
        return this.at;
      }
      if (byte === C.backslash || byte < 0x20) return -1;
    }
    return -1;
  }

  /**
   * A number written as JavaScript writes it back: `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`, at most 15
   * significant digits (so it is the shortest text of its double), no `-0`, not below 1e-6.
   */
  protected number(): boolean {
    const { body } = this;
    let i = this.at;
    const negative = body[i] === C.minus;
    if (negative) i++;
    const intStart = i;
    while (isDigit(body[i])) i++;
    const intDigits = i - intStart;
    if (intDigits === 0 || (intDigits > 1 && body[intStart] === C.zero)) return false;
    const zeroInt = body[intStart] === C.zero;
    let significant = zeroInt ? 0 : intDigits;
    let leadingZeros = 0;
    if (body[i] === C.dot) {
      i++;
      const fractionStart = i;
      while (isDigit(body[i])) i++;
      if (i === fractionStart || body[i - 1] === C.zero) return false;
      if (zeroInt) {
        while (body[fractionStart + leadingZeros] === C.zero) leadingZeros++;
        significant = i - fractionStart - leadingZeros;
      } else significant += i - fractionStart;
    } else if (zeroInt && negative) return false;
    if (significant > 15 || leadingZeros >= 6) return false;
    const next = body[i];
    if (next !== C.comma && next !== C.closeObject && next !== C.closeArray) return false;
    this.at = i;
    return true;
  }

  /** `true`, `false` or `null` (0, 1, 2) at the cursor, moved past. */
  protected literal(which: number): boolean {
    const word = LITERALS[which] as Uint8Array;
    for (let k = 0; k < word.length; k++) if (this.body[this.at + k] !== word[k]) return false;
    return this.skip(word.length);
  }

  protected skip(bytes: number): true {
    this.at += bytes;
    return true;
  }

  /** Whether the body's bytes from `start` to `end` are `expected`'s (an ASCII name). */
  protected bytesAre(expected: Uint8Array, start: number, end: number): boolean {
    if (end - start !== expected.length) return false;
    for (let k = 0; k < expected.length; k++) if (this.body[start + k] !== expected[k]) return false;
    return true;
  }

  protected put(byte: number): void {
    this.out[this.written++] = byte;
  }

  protected putBytes(from: Uint8Array, start: number, end: number): void {
    const { out } = this;
    let w = this.written;
    for (let i = start; i < end; i++) out[w++] = from[i] as number;
    this.written = w;
  }

  /** `text` (ASCII) in quotes. */
  protected putQuoted(text: string): void {
    const { out } = this;
    let w = this.written;
    out[w++] = C.quote;
    for (let i = 0; i < text.length; i++) out[w++] = text.charCodeAt(i);
    out[w++] = C.quote;
    this.written = w;
  }

  /** A timestamp's UTC form in quotes: `normalized`, or the ISO text at `start` with a space for its `T`. */
  protected putTimestamp(start: number, normalized: string | null): void {
    if (normalized !== null) {
      this.putQuoted(normalized);
      return;
    }
    this.putBytes(this.body, start, start + 11); // the quote and `YYYY-MM-DD`
    this.put(C.space);
    this.putBytes(this.body, start + 12, start + 24); // `hh:mm:ss.sss`
    this.put(C.quote);
  }

  /** A value's text as a JSON string: it holds no backslash or control byte, so only quotes are escaped. */
  protected putEscaped(start: number, end: number): void {
    const { out, body } = this;
    let w = this.written;
    out[w++] = C.quote;
    for (let i = start; i < end; i++) {
      const byte = body[i] as number;
      if (byte === C.quote) out[w++] = C.backslash;
      out[w++] = byte;
    }
    out[w++] = C.quote;
    this.written = w;
  }
}

/**
 * The hashes of an object's keys so far: a list while it is short (most are), a set past that, so an
 * object of thousands of keys costs linear time, not quadratic (a 100-event body of 2,900-key
 * metadata took 310–337 ms with a list alone).
 */
class KeyHashes {
  private readonly list: number[] = [];
  private set: Set<number> | undefined;

  /** Adds `hash`; false when it was there already. */
  add(hash: number): boolean {
    if (this.set) {
      if (this.set.has(hash)) return false;
      this.set.add(hash);
      return true;
    }
    if (this.list.includes(hash)) return false;
    if (this.list.push(hash) > 16) this.set = new Set(this.list);
    return true;
  }
}

export function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= C.zero && byte <= C.nine;
}
