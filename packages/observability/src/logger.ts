import { once } from 'node:events';
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
 * Lines wait until they hold this many characters (about as many bytes), or for `FLUSH_EVERY_MS`,
 * before they are written together: at 4 KiB a busy gateway's access lines still took a write every
 * 25 lines (1% of a request's CPU).
 */
const BUFFER_BYTES = 12 * 1024;
const FLUSH_EVERY_MS = 100;

/**
 * Standard output through a buffer: one write per line was 8% of a single-record ingest request's
 * CPU. Lines are held here and joined, then handed to sonic-boom (pino's writer, which handles a
 * full pipe) as one string: given them one by one, sonic-boom measured the UTF-8 length of all it
 * held on every line (up to 12 KiB: 3-5 µs a line, 3% of a single-record request's CPU). What is
 * held is written when pino logs a fatal line and when the process exits; a process killed
 * outright loses at most its last 100 ms of lines.
 */
export class BufferedLines implements DestinationStream {
  readonly #fd: number;
  readonly #writer: ReturnType<typeof pino.destination>;
  /** Made on the first fatal line or at exit: see `flushSync`. */
  #syncWriter: ReturnType<typeof pino.destination> | undefined;
  #lines: string[] = [];
  #length = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #atExit = () => {
    try {
      this.flushSync();
    } catch {
      // A descriptor closed under us (EPIPE, EBADF) at exit: nothing left to write to.
    }
  };

  constructor(fd: number) {
    this.#fd = fd;
    // No minLength: each joined block is written at once, or queued behind the write in flight.
    this.#writer = pino.destination({ dest: fd, sync: false });
    this.#timer = setInterval(() => this.#release(), FLUSH_EVERY_MS).unref();
    process.on('exit', this.#atExit);
  }

  write(line: string): void {
    this.#lines.push(line);
    // Characters, not bytes: only a threshold, and measuring bytes is what this class avoids.
    this.#length += line.length;
    if (this.#length >= BUFFER_BYTES) this.#release();
  }

  /** What pino calls after a fatal line, and what runs at exit: all that is held is written before it returns. */
  flushSync(): void {
    // sonic-boom's flushSync writes only its queue. A block handed to it here would start an
    // asynchronous write, still waiting in libuv's thread pool when the process is killed; so its
    // queue goes first, then the lines held here through a synchronous writer on the same descriptor.
    this.#writer.flushSync();
    const text = this.#take();
    if (!text) return;
    this.#syncWriter ??= pino.destination({ dest: this.#fd, sync: true });
    this.#syncWriter.write(text);
  }

  flush(callback?: (error?: Error) => void): void {
    this.#release();
    this.#writer.flush(callback);
  }

  /** Writes what is held, stops the timer and closes the descriptor. */
  async end(): Promise<void> {
    clearInterval(this.#timer);
    process.off('exit', this.#atExit);
    this.#release();
    const closed = once(this.#writer, 'close');
    this.#writer.end();
    await closed;
  }

  #release(): void {
    const text = this.#take();
    if (text) this.#writer.write(text);
  }

  /** The held lines as one string (empty when none are held), and the buffer emptied. */
  #take(): string {
    const text = this.#lines.join('');
    this.#lines = [];
    this.#length = 0;
    return text;
  }
}

let stdout: BufferedLines | undefined;

// Loggers of one process share one buffer: their lines stay in order, and one timer flushes them
// (a timer per logger would also keep every logger a test ever made alive).
function sharedStdout(): DestinationStream {
  stdout ??= new BufferedLines(1);
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
