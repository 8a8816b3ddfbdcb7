import { type DestinationStream, type Logger, pino } from 'pino';
import { serializeError } from './scrub.ts';

export type { Logger } from 'pino';

/** Paths that may carry secrets; pino replaces them before a line is written. */
const REDACTED_PATHS = [
  'authorization',
  'password',
  'token',
  'apiKey',
  'pat',
  'secret',
  'privateKey',
  'connectionString',
  '*.authorization',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.pat',
  '*.secret',
  '*.privateKey',
  '*.connectionString',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export interface LoggerOptions {
  service: string;
  level?: string;
  destination?: DestinationStream;
}

/**
 * JSON lines on stdout with the service name on every line, secrets redacted. Errors (under `err`
 * or `error`) go through a serializer that also scrubs what libraries put in them: URL passwords
 * and query strings in messages, a Redis command's arguments.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
