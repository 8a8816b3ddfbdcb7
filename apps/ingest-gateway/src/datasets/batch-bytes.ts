import { isUtf8 } from 'node:buffer';
import {
  type AddedFields,
  type DatasetSchema,
  type FieldType,
  isUtcMillis,
  normalizeTimestamp,
} from '@quarry/schema';

/** A batch body's rows as the JSON array text `JSON.stringify(rows)` gives, with what the route checks. */
export interface BatchRowsText {
  json: string;
  count: number;
  /** Distinct UTC months of the rows' timestamps. */
  months: number;
}

/**
 * Reads a batch body's text; undefined when the body is not one it can vouch for (the slow path
 * decides). `bytes`, the body's bytes when a step already read them (the Idempotency-Key's
 * fingerprint), spares encoding the text back into UTF-8.
 */
export type BatchTranscoder = (body: string, bytes?: Uint8Array) => BatchRowsText | undefined;

type Slot = { name: Uint8Array; type: FieldType | 'context'; required: boolean; member: Uint8Array };

const C = {
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
const MAX_CONTEXT_DEPTH = 64;
const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const LITERALS = [ascii('true'), ascii('false'), ascii('null')];

/**
 * The rows kept as the bytes they arrived in: for a compact body (what JSON.stringify and the SDKs
 * send) of ASCII-clean, canonical values, each row's JSON text is copied out of the body with the
 * timestamps normalized and `context` quoted, without JSON.parse, row objects or JSON.stringify
 * (together about 190 µs of a 100-record request). Anything it cannot prove gives the same text as
 * the slow path (whitespace, escapes, non-canonical numbers, duplicate keys, any error) returns
 * undefined, and the route parses and validates as before: errors only ever come from there.
 */
export function compileBatchTranscoder(schema: DatasetSchema, added: AddedFields = {}): BatchTranscoder {
  const slots: Slot[] = [
    slot('timestamp', 'timestamp', true),
    slot('context', 'context', true),
    ...Object.entries(schema.fields).map(([name, type]) => slot(name, type, true)),
    ...Object.entries(added).map(([name, field]) => slot(name, field.type, false)),
  ];
  const required = slots.filter((s) => s.required).length;
  const byHash = new Map(slots.map((s, index) => [hashOf(s.name, 0, s.name.length), index]));
  return (text, bytes) => {
    // Request#text never has a lone surrogate (JSON.stringify would escape it in a context).
    if (!text.isWellFormed()) return undefined;
    // Bytes that are not UTF-8 were read as U+FFFD: only their text's encoding matches it.
    const body = bytes && isUtf8(bytes) ? withoutByteOrderMark(bytes) : utf8Of(text);
    // One character per byte when the text is ASCII; else a Latin-1 reading of the bytes is.
    const latin1 =
      body.length === text.length
        ? text
        : Buffer.from(body.buffer, body.byteOffset, body.length).toString('latin1');
    return new Transcoder(body, latin1, slots, byHash, required).batch();
  };
}

// The row's first member opens it: `{"timestamp":`, the others follow a comma.
function slot(name: string, type: Slot['type'], required: boolean): Slot {
  const member = `${name === 'timestamp' ? '{' : ','}${JSON.stringify(name)}:`;
  return { name: ascii(name), type, required, member: ascii(member) };
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of bytes: keys are told apart by it, without a string per key (a collision only sends a body to the slow path). */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
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

// The text was decoded without it (TextDecoder drops a leading byte-order mark, as Request#text does).
function withoutByteOrderMark(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function utf8Of(text: string): Uint8Array {
  const into = scratchOf('input', text.length * 3); // at most three bytes per UTF-16 unit
  const { written } = encoder.encodeInto(text, into);
  return into.subarray(0, written);
}

class Transcoder {
  private at = 0;
  /** The body read as Latin-1: one character per byte, so timestamps are read with slice(). */
  private readonly text: string;
  private readonly out: Uint8Array;
  private written = 0;
  private readonly starts: Int32Array;
  /** Slots in the order the last record listed them (-1: not known yet). */
  private readonly order: Int32Array;
  private readonly ends: Int32Array;
  /** Per slot, a timestamp's UTC form when it was not in the body already (see timestamp()). */
  private readonly timestamps: (string | null)[];
  private readonly months = new Set<number>();
  private readonly body: Uint8Array;
  private readonly slots: Slot[];
  private readonly byHash: Map<number, number>;
  private readonly required: number;

  constructor(body: Uint8Array, text: string, slots: Slot[], byHash: Map<number, number>, required: number) {
    this.body = body;
    this.text = text;
    this.slots = slots;
    this.byHash = byHash;
    this.required = required;
    // Every byte is copied at most once, a context's quotes twice, a short timestamp grows to at most
    // twice its member; writes past the end would be dropped, so batch() checks the count.
    this.out = scratchOf('output', body.length * 2 + 16);
    this.starts = new Int32Array(slots.length);
    this.order = new Int32Array(slots.length).fill(-1);
    this.ends = new Int32Array(slots.length);
    this.timestamps = new Array(slots.length).fill(null);
  }

  batch(): BatchRowsText | undefined {
    const { body } = this;
    if (body[0] !== C.openArray || body[1] === C.closeArray) return undefined;
    this.put(C.openArray);
    this.at = 1;
    let count = 0;
    for (;;) {
      if (!this.record()) return undefined;
      count++;
      const next = body[this.at++];
      if (next === C.closeArray) break;
      if (next !== C.comma) return undefined;
      this.put(C.comma);
    }
    if (this.at !== body.length) return undefined;
    this.put(C.closeArray);
    if (this.written > this.out.length) return undefined;
    return { json: utf8.decode(this.out.subarray(0, this.written)), count, months: this.months.size };
  }

  /** One record: its members located, checked, then written in schema order. */
  private record(): boolean {
    const { body, slots, starts, ends } = this;
    if (body[this.at] !== C.openObject) return false;
    for (let index = 0; index < starts.length; index++) starts[index] = -1;
    let present = 0;
    this.at++;
    for (let position = 0; ; position++) {
      const index = position < this.order.length ? this.key(position) : undefined;
      if (index === undefined || starts[index] !== -1) return false; // unknown or repeated
      if (body[this.at++] !== C.colon) return false;
      starts[index] = this.at;
      if (!this.fieldValue(slots[index] as Slot, index)) return false;
      ends[index] = this.at;
      if ((slots[index] as Slot).required) present++;
      const next = body[this.at++];
      if (next === C.closeObject) break;
      if (next !== C.comma) return false;
    }
    if (present !== this.required) return false;
    this.writeRow();
    return true;
  }

  private writeRow(): void {
    const { slots, starts, ends } = this;
    for (let index = 0; index < slots.length; index++) {
      const start = starts[index] as number;
      if (start === -1) continue; // an added field left out
      const { member, type } = slots[index] as Slot;
      this.putBytes(member, 0, member.length);
      if (type === 'timestamp') this.putTimestamp(start, this.timestamps[index] ?? null);
      else if (type === 'context') this.putEscaped(start, ends[index] as number);
      else this.putBytes(this.body, start, ends[index] as number);
    }
    this.put(C.closeObject);
  }

  /**
   * The slot the `position`th key of a record names, or undefined. Records of a batch mostly list
   * their keys in one order, so the slot at that position in the last record is tried first.
   */
  private key(position: number): number | undefined {
    const start = this.at + 1;
    const end = this.stringEnd() - 1;
    if (end < 0) return undefined;
    const guess = this.order[position] as number;
    if (guess >= 0 && this.names(guess, start, end)) return guess;
    const index = this.byHash.get(hashOf(this.body, start, end));
    if (index === undefined || !this.names(index, start, end)) return undefined;
    this.order[position] = index;
    return index;
  }

  /** Names are plain identifiers, so a key names a slot when its raw bytes are the name's. */
  private names(index: number, start: number, end: number): boolean {
    const { name } = this.slots[index] as Slot;
    if (end - start !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (this.body[start + k] !== name[k]) return false;
    return true;
  }

  private fieldValue(slot: Slot, index: number): boolean {
    switch (slot.type) {
      case 'context':
        return this.body[this.at] === C.openObject && this.value(1);
      case 'string':
        return this.body[this.at] === C.quote && this.stringEnd() > 0;
      case 'number':
        return this.number();
      case 'boolean':
        return this.literal(0) || this.literal(1);
      case 'timestamp':
        return this.timestamp(index);
    }
  }

  private timestamp(index: number): boolean {
    const start = this.at + 1;
    if (this.body[this.at] !== C.quote) return false;
    const end = this.stringEnd();
    if (end < 0) return false;
    // `YYYY-MM-DDThh:mm:ss.sssZ` is its UTC form once `T` is a space and `Z` is dropped: copied as
    // bytes at write time. Any other accepted form is normalized here.
    const text = this.text.slice(start, end - 1);
    const iso = text.length === 24 && isUtcMillis(text);
    const normalized = iso ? null : normalizeTimestamp(text);
    if (!iso && normalized === null) return false;
    this.timestamps[index] = normalized;
    if (index === 0) {
      const month = normalized ?? text;
      this.months.add(digits(month, 0, 4) * 100 + digits(month, 5, 7));
    }
    return true;
  }

  /** Any JSON value inside `context` that JSON.stringify(JSON.parse(text)) gives back byte for byte. */
  private value(depth: number): boolean {
    const { body } = this;
    const first = body[this.at];
    if (first === C.quote) return this.stringEnd() > 0;
    if (first === C.openObject || first === C.openArray) {
      if (depth > MAX_CONTEXT_DEPTH) return false;
      const object = first === C.openObject;
      const close = object ? C.closeObject : C.closeArray;
      this.at++;
      if (body[this.at] === close) return this.skip(1);
      const keys: number[] = [];
      for (;;) {
        if (object && !this.objectKey(keys)) return false;
        if (!this.value(depth + 1)) return false;
        const next = body[this.at++];
        if (next === close) return true;
        if (next !== C.comma) return false;
      }
    }
    if (first === C.minus || (first !== undefined && first >= C.zero && first <= C.nine))
      return this.number();
    return this.literal(0) || this.literal(1) || this.literal(2);
  }

  /**
   * A key of an object inside `context`, then its colon. A repeated key (JSON.parse keeps the last
   * value in the first place) or one starting with a digit (an index sorts first) cannot be kept as is.
   */
  private objectKey(keys: number[]): boolean {
    const start = this.at + 1;
    const end = this.stringEnd();
    if (end < 0 || isDigit(this.body[start])) return false;
    const hash = hashOf(this.body, start, end - 1);
    if (keys.includes(hash)) return false; // repeated, or only a collision: the slow path decides
    keys.push(hash);
    return this.body[this.at++] === C.colon;
  }

  /** Moves past a string without escapes or control characters; its end (after the quote), or -1. */
  private stringEnd(): number {
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
  private number(): boolean {
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

  private literal(which: number): boolean {
    const word = LITERALS[which] as Uint8Array;
    for (let k = 0; k < word.length; k++) if (this.body[this.at + k] !== word[k]) return false;
    return this.skip(word.length);
  }

  private skip(bytes: number): true {
    this.at += bytes;
    return true;
  }

  private put(byte: number): void {
    this.out[this.written++] = byte;
  }

  private putBytes(from: Uint8Array, start: number, end: number): void {
    const { out } = this;
    let w = this.written;
    for (let i = start; i < end; i++) out[w++] = from[i] as number;
    this.written = w;
  }

  /** A timestamp's UTC form in quotes: `normalized`, or the ISO text at `start` with a space for its `T`. */
  private putTimestamp(start: number, normalized: string | null): void {
    if (normalized === null) {
      this.putBytes(this.body, start, start + 11); // the quote and `YYYY-MM-DD`
      this.put(C.space);
      this.putBytes(this.body, start + 12, start + 24); // `hh:mm:ss.sss`
      this.put(C.quote);
      return;
    }
    const { out } = this;
    let w = this.written;
    out[w++] = C.quote;
    for (let i = 0; i < normalized.length; i++) out[w++] = normalized.charCodeAt(i);
    out[w++] = C.quote;
    this.written = w;
  }

  /** `context`'s text as a JSON string: it holds no backslash or control byte, so only quotes are escaped. */
  private putEscaped(start: number, end: number): void {
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

function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - C.zero;
  return value;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= C.zero && byte <= C.nine;
}
