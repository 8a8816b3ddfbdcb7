export { LOG_MESSAGES } from './messages.ts';
export {
  type EventsValidation,
  type EventValidation,
  type Failure,
  LOG_LEVELS,
  LOG_LIMITS,
  type LogLevel,
  serverTime,
  validateLogEvent,
  validateLogEvents,
} from './validate.ts';
