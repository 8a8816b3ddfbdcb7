/** One request a property sends; the body is text or bytes exactly as they go on the wire. */
export interface FuzzRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent with Transfer-Encoding: chunked (no Content-Length), as a streaming client would. */
  chunked?: boolean;
}

export interface FuzzAnswer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** A bound on each request: a server that takes longer than this is reported as hanging. */
export const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Sends over a real socket (fetch), so Node's HTTP parser and hono's adapter are part of what is
 * fuzzed. Header values are sent as their UTF-8 bytes, as a raw client would. Control characters
 * other than tab are left out: fetch refuses to send them (RFC 9110 forbids them in field values).
 */
export async function send(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name, wireHeader(value));
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      ...bodyOf(request),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${request.method} ${request.path}: no answer (${describe(error)})`);
  }
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-request-id'),
    text,
    json: parseJson(text),
  };
}

/** A header value as the latin1 view of its UTF-8 bytes, without the bytes fetch will not send. */
export function wireHeader(value: string): string {
  const bytes = Buffer.from(value.toWellFormed(), 'utf8').toString('latin1');
  return [...bytes].filter((char) => isSendable(char.charCodeAt(0))).join('');
}

const CHUNK_BYTES = 64 * 1024;

function bodyOf(request: FuzzRequest): RequestInit {
  if (request.body === undefined || !request.chunked) return { body: request.body };
  const bytes = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
  // Node's fetch needs `duplex` for a streamed body; the DOM typings do not know it yet.
  return { body: stream, duplex: 'half' } as RequestInit;
}

const isSendable = (code: number) => code === 0x09 || (code >= 0x20 && code !== 0x7f);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}
