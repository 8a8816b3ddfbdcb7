import { createLogger, type LoggerOptions, type LogLevel } from '@quarry/sdk-logger';
import build from 'pino-abstract-transport';

/** The logger SDK's options (`ingestUrl`, `apiKey`, `env`, `source`, …) plus pino's message key. */
export interface PinoQuarryOptions extends Omit<LoggerOptions, 'fetch' | 'onError'> {
  /** The key pino writes the message under, when pino's `messageKey` is changed. Default `msg`. */
  messageKey?: string;
}

/** pino's own fields, not the caller's: they become the event's level, timestamp and message. */
const PINO_FIELDS = ['level', 'time'];

/**
 * `pino.transport({ target: '@quarry/pino-quarry', options })`: every line pino writes becomes one
 * event of `POST /v1/logs`, batched by the logger SDK; closing pino (or its exit) flushes.
 */
export function pinoQuarry(options: PinoQuarryOptions) {
  const { messageKey = 'msg', ...loggerOptions } = options;
  // The worker exits when pino closes the stream; the close hook below flushes instead.
  const quarry = createLogger({ ...loggerOptions, flushOnExit: false });
  return build(
    async (source: AsyncIterable<Record<string, unknown>>) => {
      for await (const line of source) {
        const { message, metadata, at } = toEvent(line, messageKey);
        quarry.log(levelOf(line.level), message, metadata, at);
      }
    },
    { close: () => quarry.close() },
  );
}

// pino's worker loads a transport by its default export.
// biome-ignore lint/style/noDefaultExport: pino.transport({ target }) calls the module's default export
export { pinoQuarry as default };

/** pino's numeric levels: trace 10, debug 20, info 30, warn 40, error 50, fatal 60 (custom ones fall between). */
export function levelOf(level: unknown): LogLevel {
  if (typeof level !== 'number') return 'info';
  if (level >= 50) return 'error';
  if (level >= 40) return 'warn';
  if (level >= 30) return 'info';
  return 'debug';
}

export function toEvent(line: Record<string, unknown>, messageKey = 'msg') {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(line)) {
    if (key !== messageKey && !PINO_FIELDS.includes(key)) metadata[key] = value;
  }
  const at = typeof line.time === 'number' || typeof line.time === 'string' ? new Date(line.time) : undefined;
  return { message: messageOf(line, messageKey), metadata, at };
}

// The gateway refuses an empty message: `logger.error(err)` has only the error's.
function messageOf(line: Record<string, unknown>, messageKey: string): string {
  const text = line[messageKey];
  if (typeof text === 'string' && text !== '') return text;
  const err = line.err;
  if (
    typeof err === 'object' &&
    err !== null &&
    'message' in err &&
    typeof err.message === 'string' &&
    err.message
  )
    return err.message;
  return text === undefined ? '(no message)' : JSON.stringify(text);
}
