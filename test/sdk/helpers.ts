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
      body: typeof init?.body === 'string' ? init.body : '',
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
