import { once } from 'node:events';
import { type Bindings, type DestinationStream, type Logger, pino } from 'pino';
import sonicBoom from 'sonic-boom';
import { serializeError } from './scrub.ts';

export type { Logger } from 'pino';

// sonic-boom is CommonJS, and Node finds no named exports in it.
const { SonicBoom } = sonicBoom;
type Writer = InstanceType<typeof SonicBoom>;

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
 * What may wait for standard output before new lines are dropped: a reader that stops (a stalled
 * log shipper, a paused `kubectl logs` pipe) or a full disk otherwise grew the heap without end, and
 * 40 MiB of lines held cost 140 MiB of RSS. At a busy gateway's 1-2 MB/s of access lines this is
 * several seconds of them.
 */
const MAX_WAITING_BYTES = 8 * 1024 * 1024;
/** How long a synchronous write (a fatal line, the exit) waits on a full pipe before giving up. */
const SYNC_WRITE_PATIENCE_MS = 1_000;

/**
 * Standard output through a buffer: one write per line was 8% of a single-record ingest request's
 * CPU. Lines are held here and joined, then handed to sonic-boom (pino's writer, which handles a
 * full pipe) as one string: given them one by one, sonic-boom measured the UTF-8 length of all it
 * held on every line (up to 12 KiB: 3-5 µs a line, 3% of a single-record request's CPU). What is
 * held is written when pino logs a fatal line and when the process exits; a process killed
 * outright loses at most its last 100 ms of lines.
 *
 * Logs never stop the service: when the output cannot take them (a full disk, a closed or unread
 * pipe) up to `MAX_WAITING_BYTES` wait and are retried, lines beyond that are dropped and counted,
 * and once writing works again a warning line says how many were lost.
 */
export class BufferedLines implements DestinationStream {
  readonly #fd: number;
  readonly #writer: Writer;
  /** Made on the first fatal line or at exit: see `flushSync`. */
  #syncWriter: Writer | undefined;
  #lines: string[] = [];
  #length = 0;
  #droppedLines = 0;
  /** While a warning line is being handed over: the dropped lines it counts. */
  #noticeFor = 0;
  /** A full pipe is retried without end, except within a synchronous write (see `flushSync`). */
  #giveUpAt = Number.POSITIVE_INFINITY;
  readonly #timer: NodeJS.Timeout;
  readonly #atExit = () => {
    try {
      this.flushSync();
    } catch {
      // The output still fails at exit (a full disk, EPIPE, EBADF): nothing left to write to.
    }
  };

  constructor(fd: number) {
    this.#fd = fd;
    // No minLength: each joined block is written at once, or queued behind the write in flight.
    this.#writer = new SonicBoom({
      fd,
      sync: false,
      maxLength: MAX_WAITING_BYTES,
      retryEAGAIN: () => Date.now() < this.#giveUpAt,
    });
    // Without a listener a failed write (a full disk, a closed pipe) would be thrown out of the
    // event loop and the process would die of its logs. The failed block stays with sonic-boom and
    // is tried again on the next write, within `MAX_WAITING_BYTES`.
    this.#writer.on('error', () => {});
    this.#writer.on('drop', (text: string) => {
      // A dropped notice is not a lost line, but the lines it counted are still lost.
      const lines = countLines(text) - (this.#noticeFor > 0 ? 1 : 0);
      this.#droppedLines += lines + this.#noticeFor;
      droppedInProcess += lines;
    });
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
    this.#giveUpAt = Date.now() + SYNC_WRITE_PATIENCE_MS;
    try {
      // sonic-boom's flushSync writes only its queue (it throws if the output fails: sonic-boom 4
      // retried any failed write there every 100 ms, for ever). A block handed to it here would
      // start an asynchronous write, still waiting in libuv's thread pool when the process is
      // killed; so its queue goes first, then the lines held here through a synchronous writer on
      // the same descriptor.
      this.#writer.flushSync();
      const text = this.#take();
      // At exit the count of lines dropped since the last write is owed even with nothing held.
      if (!text && this.#droppedLines === 0) return;
      this.#syncWriter ??= new SonicBoom({
        fd: this.#fd,
        sync: true,
        retryEAGAIN: () => Date.now() < this.#giveUpAt,
      });
      this.#send(this.#syncWriter, text);
    } finally {
      this.#giveUpAt = Number.POSITIVE_INFINITY;
    }
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
    if (text) this.#send(this.#writer, text);
  }

  /** Hands `text` to `writer`, after a warning line if lines were dropped before it. */
  #send(writer: Writer, text: string): void {
    const dropped = this.#droppedLines;
    if (dropped === 0) {
      writer.write(text);
      return;
    }
    this.#droppedLines = 0;
    this.#noticeFor = dropped;
    try {
      writer.write(droppedNotice(dropped) + text);
    } finally {
      this.#noticeFor = 0;
    }
  }

  /** The held lines as one string (empty when none are held), and the buffer emptied. */
  #take(): string {
    const text = this.#lines.join('');
    this.#lines = [];
    this.#length = 0;
    return text;
  }
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** A warning line in pino's format, without a service: it comes from the process's output itself. */
function droppedNotice(lines: number): string {
  const notice = {
    level: 40,
    time: new Date().toISOString(),
    msg: 'standard output could not take these log lines: they were dropped',
    droppedLines: lines,
  };
  return `${JSON.stringify(notice)}\n`;
}

let droppedInProcess = 0;

/** Log lines this process has dropped because its output could not take them (`BufferedLines`). */
export function droppedLogLines(): number {
  return droppedInProcess;
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
