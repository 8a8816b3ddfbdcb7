import { type EventsValidation, LOG_LIMITS, LOG_MESSAGES, validateLogEvents } from '@quarry/logs';

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

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
 * An NDJSON body of `/v1/logs`: one event per line (`\n` or `\r\n`), blank lines ignored, then the
 * same checks as `{"events": [...]}`, all or nothing. The body limit was applied before.
 */
export function validateNdjsonEvents(text: string, now: Date = new Date()): NdjsonValidation {
  const events: unknown[] = [];
  const lines: number[] = [];
  const rows = text.split('\n');
  for (let row = 0; row < rows.length; row++) {
    const line = rows[row] ?? '';
    if (line.trim() === '') continue;
    // Past the limit the answer is the same whatever the rest holds: stop parsing.
    if (events.length === LOG_LIMITS.eventsPerRequest)
      return { ok: false, message: LOG_MESSAGES.tooManyEvents(LOG_LIMITS.eventsPerRequest), line: row + 1 };
    try {
      events.push(JSON.parse(line));
    } catch {
      return { ok: false, message: NDJSON_MESSAGES.invalidLine(row + 1), line: row + 1 };
    }
    lines.push(row + 1);
  }
  if (events.length === 0) return { ok: false, message: NDJSON_MESSAGES.noEvents };
  const checked = validateLogEvents({ events }, now);
  if (checked.ok || checked.index === undefined) return checked;
  return { ...checked, line: lines[checked.index] ?? 0 };
}
