import { pino } from 'pino';

const REDACTED = '[redacted]';

// A password in a URL's userinfo, and a query string (webhook tokens, `?password=`), as they appear
// in library error messages: undici names the whole URL when it refuses one with credentials.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/?#@]*@/gi;
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;

// Values under these keys never go to a log, whatever object carries them.
const SECRET_KEYS = /^(password|passwd|secret|token|authorization|apikey|privatekey|connectionstring)$/i;
const MAX_DEPTH = 8;

/** The text with URL passwords and query strings replaced, for messages that may quote a URL. */
export function scrubText(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${REDACTED}@`).replace(URL_QUERY, `$1?${REDACTED}`);
}

/**
 * pino's error serializer, then every string scrubbed and secret-named values dropped. ioredis
 * attaches the failed command to its errors, so an AUTH or HELLO failure would log the password
 * in `command.args`: arguments of a command are never logged, only its name.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return scrubValue(error, 0);
  // The serialized error's prototype is pino's, so it is walked here rather than as a plain object.
  return scrubEntries(pino.stdSerializers.err(error), 0, '');
}

function scrubValue(value: unknown, depth: number, key = ''): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return serializeError(value);
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  // Dates, buffers and class instances are logged as they are; only plain data is walked.
  if (prototype !== Object.prototype && prototype !== null) return value;
  return scrubEntries(value, depth, key);
}

function scrubEntries(value: object, depth: number, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    const secret = SECRET_KEYS.test(name) || (key === 'command' && name === 'args');
    copy[name] = secret ? REDACTED : scrubValue(inner, depth + 1, name);
  }
  return copy;
}
