import { type EncodedBody, encodeBody, type GzipSupport, refusedGzip } from '@quarry/sdk-runtime';
import { QuarryLogError, tooManyRequestsMessage } from './errors.ts';
import { isRetryableStatus, parseRetryAfter, type RetryPolicy, retryDelayMs } from './retry.ts';

export interface Transport {
  url: string;
  apiKey: string;
  fetch: typeof fetch;
  retry: RetryPolicy;
  timeoutMs: number;
  gzip: GzipSupport;
}

/** A refusal of one event: the gateway names the first invalid event's index. */
export type Delivery = { ok: true } | { ok: false; error: QuarryLogError; index?: number };

/**
 * POSTs `{"events": [...]}` once per attempt with one Idempotency-Key for all attempts, so a retry
 * is stored once. 429/503 are retried only as the policy allows, honouring `Retry-After`.
 * `keepalive`: the page is unloading; the request is sent plain and once, and outlives the page.
 */
export async function postEvents(
  transport: Transport,
  events: string[],
  keepalive = false,
): Promise<Delivery> {
  const text = `{"events":[${events.join(',')}]}`;
  const idempotencyKey = crypto.randomUUID();
  for (let attempts = 1; ; attempts++) {
    // Unawaited when the page is going away: the request is handed over within the pagehide event.
    const body = keepalive ? { body: text, headers: {} } : await encodeBody(text, transport.gzip);
    const outcome = await attempt(transport, body, idempotencyKey, events.length, attempts, keepalive);
    if (outcome.ok) return outcome;
    if (refusedGzip(outcome.error.status ?? 0, body, transport.gzip)) continue;
    if (keepalive) return outcome;
    const { error } = outcome;
    const retryable = error.status === undefined || isRetryableStatus(error.status);
    const delay = retryable ? retryDelayMs(transport.retry, attempts, error.retryAfter) : null;
    if (delay === null) return outcome;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function attempt(
  transport: Transport,
  body: EncodedBody,
  idempotencyKey: string,
  events: number,
  attempts: number,
  keepalive: boolean,
): Promise<Delivery> {
  let response: Response;
  let text: string;
  try {
    response = await transport.fetch(transport.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${transport.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        ...body.headers,
      },
      body: body.body,
      ...(keepalive ? { keepalive } : { signal: AbortSignal.timeout(transport.timeoutMs) }),
    });
    text = await response.text();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      ok: false,
      error: new QuarryLogError(`No answer from ${transport.url}: ${reason}`, { events, attempts, cause }),
    };
  }
  if (response.ok) return { ok: true };
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const answer = parseObject(text);
  const message =
    response.status === 429
      ? tooManyRequestsMessage(retryAfter)
      : typeof answer.message === 'string'
        ? answer.message
        : `${response.status} ${response.statusText}`;
  const error = new QuarryLogError(message, { status: response.status, retryAfter, events, attempts });
  return typeof answer.index === 'number' ? { ok: false, error, index: answer.index } : { ok: false, error };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
