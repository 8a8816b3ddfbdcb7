import { ApiError } from '@quarry/contract';
import type { ControlPlaneDeps } from './deps.ts';

/**
 * Takes one token from a shared bucket or answers 429 with Retry-After. Fails closed (503): without
 * the shared throttle, password guessing and account creation would be unbounded.
 */
export async function throttle(
  deps: Pick<ControlPlaneDeps, 'counters'>,
  key: string,
  limit: { ratePerSecond: number; burst: number },
  tooMany: string,
  unavailable: string,
): Promise<void> {
  const verdict = await deps.counters.rateLimit({ key, ...limit }).catch((error: unknown) => {
    throw new ApiError(503, unavailable, { headers: { 'Retry-After': '5' }, cause: error });
  });
  if (!verdict.allowed) {
    throw new ApiError(429, tooMany, { headers: { 'Retry-After': String(verdict.retryAfterSeconds) } });
  }
}
