export { QuarryLogError } from './errors.ts';
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogMetadata,
  MAX_BATCH_SIZE,
  MAX_MESSAGE_LENGTH,
} from './logger.ts';
export type { RetryOptions } from './retry.ts';
export { serializeError } from './serialize.ts';
