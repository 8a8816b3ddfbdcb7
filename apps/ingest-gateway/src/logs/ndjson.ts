import { type EventsValidation, LOG_MESSAGES, validateLogEvent } from '@quarry/logs';
import type { LogEvent } from '@quarry/pipeline';

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

/**
 * Shippers (Fluent Bit above all) cannot cap the records of one request, so NDJSON is bounded by
 * the body limit and this many lines, not by the JSON body's 100 events.
 */
export const NDJSON_MAX_EVENTS = 10_000;

export const NDJSON_MESSAGES = {
  invalidLine: (line: number) => `Invalid JSON on line ${line}`,
  noEvents: 'No events: the body has no line with a JSON object',
} as const;

/** A refusal names the 1-based line it comes from, beside the batch's `index`. */
export type NdjsonValidation =
  | EventsValidation
  | { ok: false; message: string; index?: number; line: number };

/** `Content-Type: application/x-ndjson` (parameters such as charset allowed), any case. */
export function isNdjson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === NDJSON_MEDIA_TYPE;
}

/**
 * An NDJSON body of `/v1/logs`: one event per line (`\n` or `\r\n`), blank lines ignored, each
 * checked as `POST /v1/ingest` checks one, all or nothing. The body limit was applied before.
 */
export function validateNdjsonEvents(text: string, now: Date = new Date()): NdjsonValidation {
  const events: LogEvent[] = [];
  const rows = text.split('\n');
  for (let row = 0; row < rows.length; row++) {
    const line = rows[row] ?? '';
    if (line.trim() === '') continue;
    const refuse = (message: string, index?: number) =>
      ({ ok: false, message, ...(index === undefined ? {} : { index }), line: row + 1 }) as const;
    if (events.length === NDJSON_MAX_EVENTS) return refuse(LOG_MESSAGES.tooManyEvents(NDJSON_MAX_EVENTS));
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return refuse(NDJSON_MESSAGES.invalidLine(row + 1));
    }
    const checked = validateLogEvent(value, now);
    if (!checked.ok) return refuse(checked.message, events.length);
    events.push(checked.event);
  }
  if (events.length === 0) return { ok: false, message: NDJSON_MESSAGES.noEvents };
  return { ok: true, events };
}
