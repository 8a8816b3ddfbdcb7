import { serializeMetadata } from './serialize.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Any JSON object; Errors anywhere in it (or as the whole of it) keep name, message, stack, code and cause. */
export type LogMetadata = Record<string, unknown> | Error;

/** The gateway's bound on `message`, in UTF-16 code units (LOG_LIMITS.messageChars). */
export const MAX_MESSAGE_LENGTH = 32_768;
const TRUNCATED = '… [truncated]';

/** One event's JSON as `/v1/logs` takes it; it gets its timestamp now, when it is logged, unless `at` says when. */
export function encodeEvent(
  level: LogLevel,
  message: string,
  metadata: LogMetadata | undefined,
  labels: { env?: string; source?: string },
  at?: Date,
): string {
  const event = {
    message: truncated(String(message)),
    level,
    timestamp: (at !== undefined && !Number.isNaN(at.getTime()) ? at : new Date()).toISOString(),
    ...labels,
  };
  if (metadata === undefined) return JSON.stringify(event);
  try {
    return JSON.stringify({ ...event, metadata: serializeMetadata(metadata) });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return JSON.stringify({
      ...event,
      metadata: { metadataError: `metadata could not be serialized: ${reason}` },
    });
  }
}

/** A message over the gateway's bound is cut, not refused: its start is what a reader needs. */
export function truncated(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  let end = MAX_MESSAGE_LENGTH - TRUNCATED.length;
  // Never split a surrogate pair: half of one is not text.
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${message.slice(0, end)}${TRUNCATED}`;
}
