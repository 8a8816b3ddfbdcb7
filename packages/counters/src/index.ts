export {
  type Counters,
  type CountersConfig,
  type CountersOptions,
  type KeyWrite,
  type QuotaCancel,
  type QuotaRelease,
  type QuotaRequest,
  type QuotaReservation,
  type RateLimitDecision,
  type RateLimitRequest,
  reservationKey,
  reservationTtlSeconds,
  type Unsubscribe,
  usageKeyTtlSeconds,
} from './counters.ts';
export { createCounters } from './create-counters.ts';
export { SharedTrips } from './shared-trips.ts';
