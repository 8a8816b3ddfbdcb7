import { LOG_LIMITS } from '@quarry/logs';
import { ascii, bodyOf, C, JsonBytes } from '../json-bytes.ts';

/** A `/v1/logs` body's events as the JSON array text `JSON.stringify(events)` gives after validation. */
export interface LogEventsJson {
  /** The text's UTF-8 bytes. */
  json: Buffer;
  count: number;
}

// An event's members, in the order validation writes them (see LogEvent), and their defaults.
const MEMBERS = ['timestamp', 'level', 'message', 'metadata', 'env', 'source'] as const;
const [TIMESTAMP, LEVEL, MESSAGE, METADATA] = [0, 1, 2, 3] as const;
const NAMES = MEMBERS.map(ascii);
const MEMBER_BY_LENGTH: (number | undefined)[] = [];
for (const [member, name] of MEMBERS.entries()) MEMBER_BY_LENGTH[name.length] = member;
const OPENERS = MEMBERS.map((name, index) => ascii(`${index === 0 ? '{' : ','}"${name}":`));
const DEFAULTS = [undefined, '"info"', undefined, '"{}"', '""', '""'].map((text) => text && ascii(text));
const LEVELS = ['debug', 'info', 'warn', 'error'].map((level) => ascii(`"${level}"`));
const BODY_OPENING = ascii('{"events":[');
/** Bytes an event's output can have beyond its own: every member's name and default. */
const OUTPUT_PER_EVENT = 160;

/**
 * The events kept as the bytes they arrived in, as the dataset batch's rows are: for a compact
 * `{"events":[…]}` body (what JSON.stringify and the SDKs send) whose strings have no escapes, each
 * event's JSON text is written from the body's bytes (defaults filled in, the timestamp normalized,
 * the metadata as a string), without JSON.parse, event objects or JSON.stringify (about 160 µs of a
 * 100-event request). `receivedAt` is the server's time for an event without a timestamp. Anything
 * it cannot prove gives what validation gives (an unknown or repeated key, a bound reached, any
 * error) returns undefined, and the route parses and validates as before: refusals come only from there.
 */
export function transcodeLogBatch(
  text: string,
  receivedAt: string,
  bytes?: Uint8Array,
): LogEventsJson | undefined {
  const read = bodyOf(text, bytes);
  return read && new LogTranscoder(read.body, read.latin1, receivedAt).batch();
}

class LogTranscoder extends JsonBytes {
  private readonly receivedAt: string;
  private readonly starts = new Int32Array(MEMBERS.length);
  private readonly ends = new Int32Array(MEMBERS.length);
  /** The event's normalized timestamp, or null when its bytes are the UTC form already. */
  private normalized: string | null = null;

  constructor(body: Uint8Array, text: string, receivedAt: string) {
    // Every byte is copied at most once, the metadata's quotes twice; a short timestamp grows.
    super(body, text, body.length * 2 + (LOG_LIMITS.eventsPerRequest + 1) * OUTPUT_PER_EVENT);
    this.receivedAt = receivedAt;
  }

  batch(): LogEventsJson | undefined {
    const { body } = this;
    if (!this.bytesAre(BODY_OPENING, 0, BODY_OPENING.length)) return undefined;
    this.at = BODY_OPENING.length;
    this.put(C.openArray);
    let count = 0;
    for (;;) {
      // More events than a request may hold are refused by validation, with its message.
      if (count === LOG_LIMITS.eventsPerRequest || !this.event()) return undefined;
      count++;
      const next = body[this.at++];
      if (next === C.closeArray) break;
      if (next !== C.comma) return undefined;
      this.put(C.comma);
    }
    if (body[this.at++] !== C.closeObject || this.at !== body.length) return undefined;
    this.put(C.closeArray);
    const json = this.outputBytes();
    return json === undefined ? undefined : { json, count };
  }

  /** One event: its members located and checked, then written in LogEvent's order. */
  private event(): boolean {
    const { body, starts, ends } = this;
    if (body[this.at] !== C.openObject) return false;
    starts.fill(-1);
    this.at++;
    for (;;) {
      const member = this.member();
      if (member === undefined || starts[member] !== -1) return false; // unknown or repeated
      if (body[this.at++] !== C.colon) return false;
      starts[member] = this.at;
      if (!this.memberValue(member)) return false;
      ends[member] = this.at;
      const next = body[this.at++];
      if (next === C.closeObject) break;
      if (next !== C.comma) return false;
    }
    if (starts[MESSAGE] === -1) return false;
    this.writeEvent();
    return true;
  }

  /** The member a key names, or undefined: no two names have the same length. */
  private member(): number | undefined {
    const start = this.at + 1;
    const end = this.stringEnd() - 1;
    if (end < 0) return undefined;
    const member = MEMBER_BY_LENGTH[end - start];
    return member !== undefined && this.bytesAre(NAMES[member] as Uint8Array, start, end)
      ? member
      : undefined;
  }

  /** A value validation takes as it is (its stored text, see writeEvent, is what validation writes). */
  private memberValue(member: number): boolean {
    const start = this.at;
    switch (member) {
      case TIMESTAMP: {
        const normalized = this.timestamp();
        this.normalized = normalized === false ? null : normalized;
        return normalized !== false;
      }
      case LEVEL:
        return this.stringEnd() > 0 && this.isLevel(start, this.at);
      case MESSAGE:
        // Bytes bound UTF-16 units from above: within the limit in bytes is within it in units.
        return this.stringWithin(1, LOG_LIMITS.messageChars);
      case METADATA:
        return (
          this.body[start] === C.openObject && this.value(1) && this.at - start <= LOG_LIMITS.metadataChars
        );
      default: // env, source
        return this.stringWithin(0, LOG_LIMITS.labelChars);
    }
  }

  private isLevel(start: number, end: number): boolean {
    for (const level of LEVELS) if (this.bytesAre(level, start, end)) return true;
    return false;
  }

  /** A string of `min` to `max` bytes between its quotes. */
  private stringWithin(min: number, max: number): boolean {
    const start = this.at;
    if (this.stringEnd() < 0) return false;
    const length = this.at - start - 2;
    return length >= min && length <= max;
  }

  private writeEvent(): void {
    const { starts, ends, body } = this;
    for (let member = 0; member < MEMBERS.length; member++) {
      const opener = OPENERS[member] as Uint8Array;
      this.putBytes(opener, 0, opener.length);
      const start = starts[member] as number;
      if (member === TIMESTAMP) {
        if (start === -1) this.putQuoted(this.receivedAt);
        else this.putTimestamp(start, this.normalized);
      } else if (start === -1) {
        const fallback = DEFAULTS[member] as Uint8Array;
        this.putBytes(fallback, 0, fallback.length);
      } else if (member === METADATA) this.putEscaped(start, ends[member] as number);
      else this.putBytes(body, start, ends[member] as number);
    }
    this.put(C.closeObject);
  }
}
