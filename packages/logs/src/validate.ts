import type { LogEvent } from '@quarry/pipeline';
import { normalizeTimestamp, storableText } from '@quarry/schema';
import { LOG_MESSAGES } from './messages.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Bounds of one request and one event; lengths count UTF-16 code units, as JavaScript does. */
export const LOG_LIMITS = {
  eventsPerRequest: 100,
  messageChars: 32_768,
  metadataChars: 32_768,
  /** `env` and `source` are low-cardinality labels, not payload. */
  labelChars: 128,
} as const;

const EVENT_FIELDS = new Set(['message', 'level', 'timestamp', 'metadata', 'env', 'source']);
const BODY_FIELDS = new Set(['events']);
const NAME_SHOWN = 64;

export type Failure = { ok: false; message: string; index?: number };
export type EventValidation = { ok: true; event: LogEvent } | Failure;
export type EventsValidation = { ok: true; events: LogEvent[] } | Failure;

/**
 * One event as `POST /v1/ingest` takes it. `now` is the server's time, used when `timestamp` is
 * absent. Absent optional fields take their defaults; `null` is never a value (it is refused).
 * Keys the contract does not define are refused, so a misspelt field never silently drops data.
 */
export function validateLogEvent(value: unknown, now: Date = new Date()): EventValidation {
  const checked = checkEvent(value, serverTime(now));
  return typeof checked === 'string' ? fail(checked) : { ok: true, event: checked };
}

/** `{"events": [...]}` as `POST /v1/logs` takes it: all or nothing, naming the first bad event's index. */
export function validateLogEvents(body: unknown, now: Date = new Date()): EventsValidation {
  if (!isObject(body) || !Object.hasOwn(body, 'events')) return fail(LOG_MESSAGES.missingEvents);
  const { events } = body;
  if (!Array.isArray(events)) return fail(LOG_MESSAGES.eventsNotArray);
  if (events.length === 0) return fail(LOG_MESSAGES.noEvents);
  if (events.length > LOG_LIMITS.eventsPerRequest)
    return fail(LOG_MESSAGES.tooManyEvents(LOG_LIMITS.eventsPerRequest));
  const unknown = unknownKey(body, BODY_FIELDS, 1);
  if (unknown !== undefined) return fail(LOG_MESSAGES.unknownField(unknown));
  const receivedAt = serverTime(now);
  const checked: LogEvent[] = new Array(events.length);
  const metadata = metadataTexts(events);
  for (let index = 0; index < events.length; index++) {
    const result = checkEvent(events[index], receivedAt, metadata?.[index]);
    if (typeof result === 'string') return { ok: false, index, message: result };
    checked[index] = result;
  }
  return { ok: true, events: checked };
}

/**
 * One event, or the message refusing it. Fixed order: message, level, timestamp, metadata, env,
 * source, then unknown keys. It runs for every event of a batch, so it allocates only what it returns
 * (no result wrapper, no object for the labels).
 */
function checkEvent(value: unknown, receivedAt: string, knownMetadata?: string): LogEvent | string {
  if (!isObject(value)) return LOG_MESSAGES.eventNotObject;
  let present = 1;
  if (!Object.hasOwn(value, 'message')) return LOG_MESSAGES.missingMessage;
  const message = value.message;
  if (typeof message !== 'string') return LOG_MESSAGES.messageNotString;
  if (message.length === 0) return LOG_MESSAGES.emptyMessage;
  if (message.length > LOG_LIMITS.messageChars) return LOG_MESSAGES.messageTooLong(LOG_LIMITS.messageChars);

  let level: LogLevel = 'info';
  if (Object.hasOwn(value, 'level')) {
    present++;
    if (!isLevel(value.level)) return LOG_MESSAGES.invalidLevel;
    level = value.level;
  }

  let timestamp = receivedAt;
  if (Object.hasOwn(value, 'timestamp')) {
    present++;
    const normalized = normalizeTimestamp(value.timestamp);
    if (normalized === null) return LOG_MESSAGES.invalidTimestamp;
    timestamp = normalized;
  }

  let metadata = '{}';
  if (Object.hasOwn(value, 'metadata')) {
    present++;
    const text = knownMetadata ?? metadataText(value.metadata);
    if (text === TOO_DEEP) return LOG_MESSAGES.metadataTooDeep;
    if (text === null) return LOG_MESSAGES.metadataNotObject;
    if (text.length > LOG_LIMITS.metadataChars)
      return LOG_MESSAGES.metadataTooLarge(LOG_LIMITS.metadataChars);
    metadata = text;
  }

  let env = '';
  if (Object.hasOwn(value, 'env')) {
    present++;
    const label = value.env;
    const refused = labelProblem(label, 'env');
    if (refused !== undefined) return refused;
    env = storableText(label as string);
  }
  let source = '';
  if (Object.hasOwn(value, 'source')) {
    present++;
    const label = value.source;
    const refused = labelProblem(label, 'source');
    if (refused !== undefined) return refused;
    source = storableText(label as string);
  }

  const unknown = unknownKey(value, EVENT_FIELDS, present);
  if (unknown !== undefined) return LOG_MESSAGES.unknownField(unknown);
  return { timestamp, level, message: storableText(message), metadata, env, source };
}

/**
 * The JSON text of each event's metadata, by event index, from one JSON.stringify of them all: a
 * call per event was a third of a batch's validation. Only plain objects are joined (an event
 * without one is left to checkEvent, which answers for it). In `[m1,m2,…]` each element is an
 * object text, so `},{` occurs at every boundary between two; when it occurs exactly that often, it
 * occurs nowhere else and the boundaries cut the elements out exactly as JSON.stringify writes each
 * alone. Anything else (a throw, a string holding `},{`, nested objects in an array) returns
 * undefined and each event's metadata is serialized on its own, as before.
 */
function metadataTexts(events: unknown[]): (string | undefined)[] | undefined {
  const objects: object[] = [];
  const owners: number[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (!isObject(event) || !Object.hasOwn(event, 'metadata')) continue;
    const metadata = event.metadata;
    // A toJSON of its own (or a class's) could make an element anything but an object text.
    if (!isObject(metadata) || Object.getPrototypeOf(metadata) !== Object.prototype) continue;
    if (typeof metadata.toJSON === 'function') continue;
    objects.push(metadata);
    owners.push(index);
  }
  if (objects.length < 2) return undefined;
  let joined: string;
  try {
    joined = JSON.stringify(objects);
  } catch {
    return undefined;
  }
  const texts: (string | undefined)[] = new Array(events.length);
  let start = 1;
  for (let k = 0; k < objects.length - 1; k++) {
    const boundary = joined.indexOf('},{', start);
    if (boundary < 0) return undefined;
    texts[owners[k] as number] = joined.slice(start, boundary + 1);
    start = boundary + 2;
  }
  if (joined.indexOf('},{', start) >= 0) return undefined;
  texts[owners[objects.length - 1] as number] = joined.slice(start, joined.length - 1);
  return texts;
}

/** Why `env` or `source` is refused, if it is. */
function labelProblem(label: unknown, field: 'env' | 'source'): string | undefined {
  if (typeof label !== 'string') return LOG_MESSAGES.notString(field);
  if (label.length > LOG_LIMITS.labelChars) return LOG_MESSAGES.tooLong(field, LOG_LIMITS.labelChars);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLevel(value: unknown): value is LogLevel {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error';
}

const TOO_DEEP = Symbol('too deep');

/**
 * JSON text of a metadata object, or null. SDK callers may pass cycles, BigInts or a Date; an object
 * nested deeper than serialization recurses (a RangeError) is TOO_DEEP, not "not an object".
 */
function metadataText(value: unknown): string | null | typeof TOO_DEEP {
  if (!isObject(value)) return null;
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' && text.startsWith('{') ? text : null;
  } catch (error) {
    return error instanceof RangeError ? TOO_DEEP : null;
  }
}

/** The first own key outside `known`, shortened for the message; only searched when the count is off. */
function unknownKey(value: object, known: Set<string>, present: number): string | undefined {
  const keys = Object.keys(value);
  if (keys.length === present) return undefined;
  const name = keys.find((key) => !known.has(key));
  if (name === undefined) return undefined;
  return name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN)}…` : name;
}

/**
 * The server's time as ClickHouse DateTime64(3) text, like normalizeTimestamp's answers: the
 * timestamp of an event that has none.
 */
export function serverTime(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function fail(message: string): Failure {
  return { ok: false, message };
}
