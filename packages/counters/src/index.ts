export {
  type Counters,
  type CountersConfig,
  type CountersOptions,
  type KeyWrite,
  type QuotaCancel,
  type QuotaRelease,
  type QuotaRequest,
  type QuotaReservation,
  QuotaStepError,
  type RateLimitDecision,
  type RateLimitedQuotaRequest,
  type RateLimitedReservation,
  type RateLimitRequest,
  reservationKey,
  reservationTtlSeconds,
  type Unsubscribe,
  usageKeyTtlSeconds,
} from './counters.ts';
export { createCounters } from './create-counters.ts';
export { SharedTrips } from './shared-trips.ts';
