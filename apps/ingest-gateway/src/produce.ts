import { MessageTooLargeError } from '@quarry/bus';
import { ApiError } from '@quarry/contract';
import type { GatewayServices } from './services.ts';

export const PRODUCE_MESSAGES = {
  unavailable: 'Queue unavailable; retry later',
  busy: 'Too many requests in flight; retry later',
  tooLarge: 'Request too large for the queue',
} as const;

/**
 * Produces one message and resolves on the broker's acknowledgement. Too many requests already
 * waiting on the broker, or a broker that cannot take the message, answer 503 with Retry-After:
 * never a 202 for records that were not persisted.
 */
export async function produceOrThrow(
  services: GatewayServices,
  topic: string,
  message: { key: string; value: string | Buffer; headers?: Record<string, string> },
): Promise<void> {
  const inFlight = services.inFlight;
  if (inFlight.count >= services.limits.maxInFlight) {
    throw new ApiError(503, PRODUCE_MESSAGES.busy, { headers: { 'Retry-After': '1' } });
  }
  inFlight.count++;
  try {
    await services.producer.send(topic, [message]);
  } catch (error) {
    if (error instanceof MessageTooLargeError)
      throw new ApiError(413, PRODUCE_MESSAGES.tooLarge, { cause: error });
    // Unavailable, an unknown topic (not created yet) or anything unexpected: the records were not
    // persisted, so the client must retry; never a 202, never a 500 that looks like its own fault.
    throw new ApiError(503, PRODUCE_MESSAGES.unavailable, { headers: { 'Retry-After': '5' }, cause: error });
  } finally {
    inFlight.count--;
  }
}
