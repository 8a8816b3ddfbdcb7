/** Bodies smaller than this go plain: gzip would save little and cost a stream. */
export const MIN_GZIP_BYTES = 1024;

/** Whether the server takes gzip bodies; a 415 answer turns it off for the client's lifetime. */
export interface GzipSupport {
  enabled: boolean;
}

export interface EncodedBody {
  body: string | Uint8Array;
  headers: Record<string, string>;
}

/**
 * The body as sent: gzip (CompressionStream, in every runtime the SDKs support) when the server takes
 * it and the body is worth it. `keepalive` requests stay plain: the page is unloading and the
 * request must be handed over now, not after an asynchronous compression.
 */
export async function encodeBody(
  text: string,
  support: GzipSupport,
  keepalive = false,
): Promise<EncodedBody> {
  if (
    !support.enabled ||
    keepalive ||
    text.length < MIN_GZIP_BYTES ||
    typeof CompressionStream !== 'function'
  ) {
    return { body: text, headers: {} };
  }
  const compressed = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  const body = new Uint8Array(await new Response(compressed).arrayBuffer());
  return { body, headers: { 'content-encoding': 'gzip' } };
}

/** A 415 to a gzip body: the server (an older gateway, a proxy) does not take it; send plain from now on. */
export function refusedGzip(status: number, sent: EncodedBody, support: GzipSupport): boolean {
  if (status !== 415 || sent.headers['content-encoding'] !== 'gzip') return false;
  support.enabled = false;
  return true;
}
