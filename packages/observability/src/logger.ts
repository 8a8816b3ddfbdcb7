import { type DestinationStream, type Logger, pino } from 'pino';

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
  '*.authorization',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.pat',
  '*.secret',
  '*.privateKey',
  'req.headers.authorization',
];

export interface LoggerOptions {
  service: string;
  level?: string;
  destination?: DestinationStream;
}

/** JSON lines on stdout with the service name on every line, secrets redacted. */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
