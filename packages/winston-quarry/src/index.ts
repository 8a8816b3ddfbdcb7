import { createLogger, type Logger, type LoggerOptions, type LogLevel } from '@quarry/sdk-logger';
import TransportStream from 'winston-transport';

export type WinstonQuarryOptions = Omit<LoggerOptions, 'fetch'> & TransportStream.TransportStreamOptions;

// winston keeps the uncolored level and its own fields under these symbols (triple-beam's names).
const LEVEL = Symbol.for('level');

/** npm, syslog and cli levels of winston, onto Quarry's four. */
const LEVELS: Record<string, LogLevel> = {
  emerg: 'error',
  alert: 'error',
  crit: 'error',
  error: 'error',
  warning: 'warn',
  warn: 'warn',
  notice: 'info',
  info: 'info',
  help: 'info',
  data: 'info',
  http: 'info',
  prompt: 'info',
  verbose: 'debug',
  input: 'debug',
  debug: 'debug',
  silly: 'debug',
};

/**
 * `new QuarryTransport({ ingestUrl, apiKey, source })` in winston's `transports`: each log entry is
 * one event of `POST /v1/logs`, batched by the logger SDK. `logger.end()` flushes before the
 * transport's `finish`; `await transport.flush()` sends what is buffered at any time.
 */
export class QuarryTransport extends TransportStream {
  private readonly quarry: Logger;
  private closing: Promise<void> | undefined;

  constructor(options: WinstonQuarryOptions) {
    const { level, silent, handleExceptions, handleRejections, format, ...loggerOptions } = options;
    super({ level, silent, handleExceptions, handleRejections, format });
    this.quarry = createLogger(loggerOptions);
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const { message, metadata, at } = toEvent(info);
    this.quarry.log(levelOf(info), message, metadata, at);
    setImmediate(() => this.emit('logged', info));
    next();
  }

  flush(): Promise<void> {
    return this.quarry.flush();
  }

  /** winston calls this when the transport is removed or the logger closed; it flushes, once. */
  override close(): Promise<void> {
    this.closing ??= this.quarry.close();
    return this.closing;
  }

  // The stream's end waits for the flush, so `finish` means "sent".
  override _final(callback: (error?: Error | null) => void): void {
    this.close().then(
      () => callback(),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

export function levelOf(info: Record<string | symbol, unknown>): LogLevel {
  const level = info[LEVEL] ?? info.level;
  return (typeof level === 'string' && LEVELS[level]) || 'info';
}

/** winston's `level` and `message` are the event's; a `timestamp` (format.timestamp()) is its time. */
export function toEvent(info: Record<string | symbol, unknown>) {
  const { level: _level, message, timestamp, ...rest } = info;
  const metadata: Record<string, unknown> = {};
  for (const key of Object.keys(rest)) metadata[key] = rest[key];
  const at = typeof timestamp === 'string' || typeof timestamp === 'number' ? new Date(timestamp) : undefined;
  const text = typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message);
  return { message: text === '' ? '(no message)' : text, metadata, at };
}
