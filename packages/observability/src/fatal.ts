import type { Logger } from 'pino';

/**
 * An error nothing caught becomes one fatal JSON line through `logger`, then exit code 1. Node's
 * default print shows every property of the error, and some carry secrets (an ioredis AUTH failure
 * holds the Redis password in `command.args`); the logger's serializer drops them.
 */
export function fatalHandler(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)) {
  return (error: unknown, origin: string): void => {
    logger.fatal({ err: error, origin }, 'uncaught error; exiting');
    exit(1);
  };
}

/** Use in server.ts right after the logger exists: a rejected top-level await lands here too. */
export function exitOnUncaught(logger: Logger): void {
  process.on('uncaughtException', fatalHandler(logger));
}
