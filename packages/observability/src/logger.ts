import { type Bindings, type DestinationStream, type Logger, pino } from 'pino';
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

/**
 * Lines wait for this many bytes, or for `FLUSH_EVERY_MS`, before they are written together: at 4 KiB
 * a busy gateway's access lines still took a write every 25 lines (1% of a request's CPU). It must
 * stay below sonic-boom's largest write (16 KiB).
 */
const BUFFER_BYTES = 12 * 1024;
const FLUSH_EVERY_MS = 100;

/**
 * Standard output through a buffer: one write per line was 8% of a single-record ingest request's
 * CPU. pino writes what is left when the process exits (fatal errors included); a process killed
 * outright loses at most its last 100 ms of lines.
 */
export function bufferedDestination(fd = 1): ReturnType<typeof pino.destination> {
  return pino.destination({ dest: fd, minLength: BUFFER_BYTES, periodicFlush: FLUSH_EVERY_MS });
}

let stdout: DestinationStream | undefined;

// Loggers of one process share one buffer: their lines stay in order, and one timer flushes them
// (a timer per logger would also keep every logger a test ever made alive).
function sharedStdout(): DestinationStream {
  stdout ??= bufferedDestination(1);
  return stdout;
}

export interface LoggerOptions {
  service: string;
  level?: string;
  destination?: DestinationStream;
}

/**
 * JSON lines on stdout (buffered) with the service name on every line, secrets redacted. Errors (under `err`
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
  return pino(options, destination ?? sharedStdout());
}

/**
 * `parent.child(bindings)`, made on first use: most requests log nothing but their access line, and
 * making a child (its bindings serialized, its redaction set up) was 2-3% of a single-record request.
 */
export function lazyChild(parent: Logger, bindings: Bindings): Logger {
  let child: Logger | undefined;
  const made = () => {
    child ??= parent.child(bindings);
    return child;
  };
  // An empty target: the proxy answers every property from the child, with no invariants of its own.
  return new Proxy({} as Logger, {
    get(_, property) {
      const logger = made();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set: (_, property, value) => Reflect.set(made(), property, value),
    has: (_, property) => Reflect.has(made(), property),
  });
}
