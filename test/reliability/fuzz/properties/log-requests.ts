import fc from 'fast-check';
import { LOG_LIMITS } from '../../../../packages/logs/src/index.ts';
import { validEvent } from '../arbitraries/events.ts';
import { headersOf } from '../arbitraries/headers.ts';
import type { FuzzRequest } from '../http.ts';

export const MAX_EVENTS = LOG_LIMITS.eventsPerRequest;

/** A few events mostly, sometimes as many as one request may carry. */
export const events = fc.oneof(
  { weight: 9, arbitrary: fc.array(validEvent, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(validEvent, { minLength: MAX_EVENTS - 2, maxLength: MAX_EVENTS }) },
);

/** A JSON POST to a log endpoint, as the contract's examples send it. */
export function post(
  path: string,
  authorization: string | undefined,
  body: string,
  extra: Record<string, string> = {},
): FuzzRequest {
  const headers = headersOf({ authorization, 'content-type': 'application/json', ...extra });
  return { method: 'POST', path, headers, body };
}
