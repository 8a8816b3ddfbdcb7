import type { RateLimitDecision, RateLimitRequest } from './counters.ts';

/**
 * Generic cell rate algorithm over a "theoretical arrival time" (tat, in ms). Each request pushes
 * tat one emission interval later; it is refused while tat would run more than `burst` intervals
 * ahead of now. The Redis script mirrors this arithmetic line by line.
 */
export function gcraStep(
  storedTat: number | undefined,
  nowMs: number,
  { ratePerSecond, burst }: RateLimitRequest,
): { decision: RateLimitDecision; nextTat?: number } {
  const interval = 1000 / ratePerSecond;
  const newTat = Math.max(storedTat ?? nowMs, nowMs) + interval;
  const allowAt = newTat - interval * burst;
  if (allowAt > nowMs)
    return { decision: { allowed: false, retryAfterSeconds: retryAfterSeconds(allowAt - nowMs) } };
  return { decision: { allowed: true, retryAfterSeconds: 0 }, nextTat: newTat };
}

/**
 * `count` requests arriving together, in order: the first `admitted` are allowed (each a gcraStep at
 * the same instant), the rest refused with the first refusal's wait, since a refusal leaves tat as it
 * was. The Redis batch script mirrors this loop.
 */
export function gcraSteps(
  storedTat: number | undefined,
  nowMs: number,
  request: RateLimitRequest,
  count: number,
): { decisions: RateLimitDecision[]; nextTat?: number } {
  const decisions: RateLimitDecision[] = [];
  let tat = storedTat;
  let moved = false;
  for (let i = 0; i < count; i++) {
    const { decision, nextTat } = gcraStep(tat, nowMs, request);
    if (nextTat === undefined) {
      while (decisions.length < count) decisions.push(decision);
      break;
    }
    decisions.push(decision);
    tat = nextTat;
    moved = true;
  }
  return moved && tat !== undefined ? { decisions, nextTat: tat } : { decisions };
}

/** A refusal always asks for at least one second, as Retry-After carries whole seconds. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
