export {
  type Counters,
  type CountersConfig,
  type CountersOptions,
  type QuotaRelease,
  type QuotaRequest,
  type QuotaReservation,
  type RateLimitDecision,
  type RateLimitRequest,
  type Unsubscribe,
  usageKeyTtlSeconds,
} from './counters.ts';
export { createCounters } from './create-counters.ts';
