import { ApiError } from '@quarry/contract';
import { type RateLimitDecision, SharedTrips } from '@quarry/counters';
import type { GatewayServices } from '../services.ts';

type Lanes = SharedTrips<undefined, RateLimitDecision>;

export const RATE_LIMIT_MESSAGES = {
  exceeded: 'Rate limit exceeded for this API key; retry later',
  unavailable: 'Rate limiter unavailable; retry later',
} as const;

// One set of lanes per gateway (its services), built on first use.
const lanesByGateway = new WeakMap<GatewayServices, Lanes>();

/**
 * GCRA per ingest key, one atomic Redis step shared by every gateway replica: `burst` requests at
 * once, then `ratePerSecond`. A refusal is 429 with Retry-After in whole seconds. Requests of one key
 * that arrive while its previous step is in flight share the next step (SharedTrips, one lane per key).
 */
export async function enforceLogRateLimit(services: GatewayServices, keyId: string): Promise<void> {
  // Fails closed like the quota: Redis down would otherwise lift every limit at once.
  const decision = await lanesOf(services)
    .send(`rate_limit:logs:${keyId}`, undefined)
    .catch((error: unknown) => {
      throw new ApiError(503, RATE_LIMIT_MESSAGES.unavailable, {
        headers: { 'Retry-After': '5' },
        cause: error,
      });
    });
  if (!decision.allowed) {
    throw new ApiError(429, RATE_LIMIT_MESSAGES.exceeded, {
      headers: { 'Retry-After': String(decision.retryAfterSeconds) },
    });
  }
}

function lanesOf(services: GatewayServices): Lanes {
  let lanes = lanesByGateway.get(services);
  if (!lanes) {
    const { counters } = services;
    const { ratePerSecond, burst } = services.rateLimits.logs;
    lanes = new SharedTrips((key, requests: undefined[]) =>
      counters.rateLimitMany({ key, ratePerSecond, burst }, requests.length),
    );
    lanesByGateway.set(services, lanes);
  }
  return lanes;
}
