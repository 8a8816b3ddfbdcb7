import { retryAfterMs } from './backoff.ts';
import { type DeliveredEvent, idempotencyKey } from './events.ts';
import { type DeliveryOutcome, describeFailure } from './outcome.ts';

/**
 * POSTs one batch as `{"project": slug, "events": [...]}`. Any 2xx is delivered; anything else,
 * a timeout or a refused connection is a failed attempt (retried by the lane). Redirects are not
 * followed: a destination URL must not bounce the writer to another address.
 */
export async function postWebhook(
  url: string,
  request: { project: string; events: readonly DeliveredEvent[]; attempt: number; timeoutMs: number },
): Promise<DeliveryOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'quarry-writer',
        'idempotency-key': idempotencyKey(request.events),
        'x-quarry-project': request.project,
        'x-quarry-delivery-attempt': String(request.attempt),
      },
      body: JSON.stringify({ project: request.project, events: request.events }),
    });
  } catch (error) {
    return { ok: false, error: `webhook request failed: ${describeFailure(error)}` };
  }
  // The body is not read beyond what frees the connection: receivers owe us only a status.
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) return { ok: true };
  const asked = retryAfterMs(response.headers.get('retry-after'));
  return {
    ok: false,
    error: `webhook answered ${response.status}`,
    ...(asked === undefined ? {} : { retryAfterMs: asked }),
  };
}
