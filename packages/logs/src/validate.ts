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
  return checkEvent(value, serverTime(now));
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
  for (let index = 0; index < events.length; index++) {
    const result = checkEvent(events[index], receivedAt);
    if (!result.ok) return { ok: false, index, message: result.message };
    checked[index] = result.event;
  }
  return { ok: true, events: checked };
}

// Fixed order: message, level, timestamp, metadata, env, source, then unknown keys.
function checkEvent(value: unknown, receivedAt: string): EventValidation {
  if (!isObject(value)) return fail(LOG_MESSAGES.eventNotObject);
  let present = 1;
  if (!Object.hasOwn(value, 'message')) return fail(LOG_MESSAGES.missingMessage);
  const message = value.message;
  if (typeof message !== 'string') return fail(LOG_MESSAGES.messageNotString);
  if (message.length === 0) return fail(LOG_MESSAGES.emptyMessage);
  if (message.length > LOG_LIMITS.messageChars)
    return fail(LOG_MESSAGES.messageTooLong(LOG_LIMITS.messageChars));

  let level: LogLevel = 'info';
  if (Object.hasOwn(value, 'level')) {
    present++;
    if (!isLevel(value.level)) return fail(LOG_MESSAGES.invalidLevel);
    level = value.level;
  }

  let timestamp = receivedAt;
  if (Object.hasOwn(value, 'timestamp')) {
    present++;
    const normalized = normalizeTimestamp(value.timestamp);
    if (normalized === null) return fail(LOG_MESSAGES.invalidTimestamp);
    timestamp = normalized;
  }

  let metadata = '{}';
  if (Object.hasOwn(value, 'metadata')) {
    present++;
    const text = metadataText(value.metadata);
    if (text === TOO_DEEP) return fail(LOG_MESSAGES.metadataTooDeep);
    if (text === null) return fail(LOG_MESSAGES.metadataNotObject);
    if (text.length > LOG_LIMITS.metadataChars)
      return fail(LOG_MESSAGES.metadataTooLarge(LOG_LIMITS.metadataChars));
    metadata = text;
  }

  const labels = { env: '', source: '' };
  for (const field of ['env', 'source'] as const) {
    if (!Object.hasOwn(value, field)) continue;
    present++;
    const label = value[field];
    if (typeof label !== 'string') return fail(LOG_MESSAGES.notString(field));
    if (label.length > LOG_LIMITS.labelChars) return fail(LOG_MESSAGES.tooLong(field, LOG_LIMITS.labelChars));
    labels[field] = storableText(label);
  }

  const unknown = unknownKey(value, EVENT_FIELDS, present);
  if (unknown !== undefined) return fail(LOG_MESSAGES.unknownField(unknown));
  const text = storableText(message);
  return {
    ok: true,
    event: { timestamp, level, message: text, metadata, env: labels.env, source: labels.source },
  };
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

/** The server's time as ClickHouse DateTime64(3) text, like normalizeTimestamp's answers. */
function serverTime(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function fail(message: string): Failure {
  return { ok: false, message };
}
