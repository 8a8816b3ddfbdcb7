import { ApiError } from '@quarry/contract';
import { type RateLimitDecision, SharedTrips } from '@quarry/counters';
import type { RateLimitStep } from '../charged-produce.ts';
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
  const step = logRateLimit(services, keyId);
  const decision = await lanesOf(services)
    .send(step.request.key, undefined)
    .catch((error: unknown) => {
      throw step.unavailable(error);
    });
  if (!decision.allowed) throw step.refused(decision);
}

/**
 * The same limit as a step of the quota's reservation (produceCharged), for a request that has
 * nothing to check between the two: one Redis round trip instead of two. Only the request is the
 * key's own; its two answers are shared by every request (no closures built per request).
 */
export function logRateLimit(services: GatewayServices, keyId: string): RateLimitStep {
  return { request: { key: `rate_limit:logs:${keyId}`, ...services.rateLimits.logs }, ...LOG_RATE_ANSWERS };
}

const LOG_RATE_ANSWERS: Omit<RateLimitStep, 'request'> = {
  refused: (decision) =>
    new ApiError(429, RATE_LIMIT_MESSAGES.exceeded, {
      headers: { 'Retry-After': String(decision.retryAfterSeconds) },
    }),
  // Fails closed like the quota: Redis down would otherwise lift every limit at once.
  unavailable: (cause) =>
    new ApiError(503, RATE_LIMIT_MESSAGES.unavailable, { headers: { 'Retry-After': '5' }, cause }),
};

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
