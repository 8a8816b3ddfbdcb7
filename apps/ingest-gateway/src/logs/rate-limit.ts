import { ApiError } from '@quarry/contract';
import type { GatewayServices } from '../services.ts';

export const RATE_LIMIT_MESSAGES = {
  exceeded: 'Rate limit exceeded for this API key; retry later',
  unavailable: 'Rate limiter unavailable; retry later',
} as const;

/**
 * GCRA per ingest key, one atomic Redis step shared by every gateway replica: `burst` requests at
 * once, then `ratePerSecond`. A refusal is 429 with Retry-After in whole seconds.
 */
export async function enforceLogRateLimit(services: GatewayServices, keyId: string): Promise<void> {
  const { ratePerSecond, burst } = services.rateLimits.logs;
  // Fails closed like the quota: Redis down would otherwise lift every limit at once.
  const decision = await services.counters
    .rateLimit({ key: `rate_limit:logs:${keyId}`, ratePerSecond, burst })
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
