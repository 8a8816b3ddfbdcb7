import { gunzipSync } from 'node:zlib';
import type { Bootstrap } from '../src/index.ts';

/** One request the SDK made through the real network, and the status it got (0: no answer). */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  body: string;
  /** The request's headers. */
  headers: Headers;
  /** The answer's headers, once it came. */
  answer?: Headers;
}

/**
 * The real `fetch`, recording every exchange, so a test can say what went over the wire. It changes
 * nothing unless `dropAnswer` says so: then the request reaches the server, whose answer is thrown
 * away as a connection lost after the server acted would lose it.
 */
export function recordingFetch(options: { dropAnswer?: (exchange: Exchange) => boolean } = {}) {
  const exchanges: Exchange[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    const exchange: Exchange = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      status: 0,
      body: bodyText(init?.body, headers),
      headers,
    };
    exchanges.push(exchange);
    const response = await fetch(input, init);
    exchange.status = response.status;
    exchange.answer = response.headers;
    if (options.dropAnswer?.(exchange)) {
      await response.arrayBuffer();
      throw new TypeError('fetch failed (test: the answer was lost on the way back)');
    }
    return response;
  };
  return { fetch: wrapped, exchanges };
}

/** Node's flag that resolves the workspace SDKs to their sources in a child process, as vitest does. */
export const SOURCE_CONDITION = '--conditions=quarry-source';

/** The body as text, inflated when the SDK sent it gzip. */
function bodyText(body: RequestInit['body'], headers: Headers): string {
  if (typeof body === 'string') return body;
  if (!(body instanceof Uint8Array)) return '';
  return headers.get('content-encoding') === 'gzip'
    ? gunzipSync(body).toString()
    : Buffer.from(body).toString();
}

/** Polls until `probe` gives a value that passes `done`, or fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const uniqueName = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface StoredEvent {
  timestamp: string;
  level: string;
  message: string;
  metadata: Record<string, unknown>;
  env: string;
  source: string;
}

/** The project's stored events from one source, through the control API's log search. */
export function storedLogs(bootstrap: Bootstrap, source: string): Promise<StoredEvent[]> {
  return searchLogs(bootstrap, { source });
}

/** The project's stored events matching `filters` (the log search body), up to 1,000. */
export async function searchLogs(
  bootstrap: Bootstrap,
  filters: Record<string, unknown>,
): Promise<StoredEvent[]> {
  const response = await fetch(`${bootstrap.controlUrl}/api/logs/${bootstrap.project}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrap.pat}`, 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 1_000, ...filters }),
  });
  if (response.status !== 200)
    throw new Error(`log search answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { events: StoredEvent[] }).events;
}
