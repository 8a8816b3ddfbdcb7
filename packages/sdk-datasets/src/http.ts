import { type EncodedBody, encodeBody, type GzipSupport, refusedGzip } from '@quarry/sdk-runtime';
import { QuarryError } from './errors.ts';
import { isRetryableStatus, parseRetryAfter, type RetryPolicy, retryDelayMs } from './retry.ts';

export interface Transport {
  fetch: typeof fetch;
  retry: RetryPolicy;
  /** Per attempt; a query may run 30 s on the server, so the default leaves room for it. */
  timeoutMs: number;
  gzip: GzipSupport;
}

export interface Call {
  url: string;
  method: 'GET' | 'POST';
  token: string;
  body?: string;
  headers?: Record<string, string>;
  /**
   * Resend after a failure with no answer (reset connection, timeout)? Only where a repeat cannot
   * do the work twice: ingest carries an Idempotency-Key; creating a dataset does not.
   */
  resendWithoutAnswer: boolean;
  /**
   * Retry a 504? A query's 504 is the engine's own time limit and would come again; an ingest 504
   * comes from a proxy that gave up waiting, and the Idempotency-Key makes resending it safe.
   */
  retryGatewayTimeout?: boolean;
  /** Records in the body, reported on the error. */
  records?: number;
  /** Gzip the body when the server takes it (ingest bodies). */
  compress?: boolean;
  /** The page is unloading: the request must outlive it (sent plain, no timeout signal). */
  keepalive?: boolean;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: QuarryError; retryable: boolean };

/** One call with bounded retries: 429/502/503/504 honour `Retry-After`; anything else fails at once. */
export async function send<T>(transport: Transport, call: Call): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    const body = await encodeBody(call.body ?? '', call.compress ? transport.gzip : NO_GZIP, call.keepalive);
    const outcome = await attempt<T>(transport, call, body, attempts);
    if (outcome.ok) return outcome.value;
    if (refusedGzip(outcome.error.status ?? 0, body, transport.gzip)) continue;
    const delay = outcome.retryable
      ? retryDelayMs(transport.retry, attempts, outcome.error.retryAfter)
      : null;
    if (delay === null) throw outcome.error;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

const NO_GZIP: GzipSupport = { enabled: false };

async function attempt<T>(
  transport: Transport,
  call: Call,
  encoded: EncodedBody,
  attempts: number,
): Promise<Attempt<T>> {
  let response: Response;
  let text: string;
  try {
    response = await transport.fetch(call.url, {
      method: call.method,
      headers: {
        authorization: `Bearer ${call.token}`,
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
        ...encoded.headers,
      },
      body: call.body === undefined ? undefined : encoded.body,
      ...(call.keepalive ? { keepalive: true } : { signal: AbortSignal.timeout(transport.timeoutMs) }),
    });
    text = await response.text();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new QuarryError(`No answer from ${call.url}: ${reason}`, {
      attempts,
      records: call.records,
      cause,
    });
    return { ok: false, error, retryable: call.resendWithoutAnswer };
  }
  const body = parseJson(text);
  if (response.ok && body !== undefined) return { ok: true, value: body as T };
  const error = errorFrom(response, body, text, attempts, call.records);
  const retryable =
    response.status === 504 ? call.retryGatewayTimeout === true : isRetryableStatus(response.status);
  return { ok: false, error, retryable };
}

function errorFrom(
  response: Response,
  body: unknown,
  text: string,
  attempts: number,
  records: number | undefined,
): QuarryError {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = `${response.status} ${response.statusText}: ${text.slice(0, 200)}`.trim();
    return new QuarryError(message, { status: response.status, retryAfter, attempts, records });
  }
  const { error: _reason, message, index, ...details } = body as Record<string, unknown>;
  return new QuarryError(
    typeof message === 'string' ? message : `${response.status} ${response.statusText}`,
    {
      status: response.status,
      index: typeof index === 'number' ? index : undefined,
      retryAfter,
      attempts,
      records,
      details,
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
