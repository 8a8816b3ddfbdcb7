import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { ApiError } from '@quarry/contract';
import type { MiddlewareHandler } from 'hono';
import { BODY_MESSAGES } from './body.ts';

export const ENCODING_MESSAGES = {
  invalidGzip: 'Invalid gzip body',
  unsupported: 'Unsupported Content-Encoding (only gzip)',
} as const;

/**
 * Accepts `Content-Encoding: gzip` bodies. Runs after the body limit, which bounds the compressed
 * bytes; the inflated bytes get the same bound, counted while inflating, so a small body that
 * would inflate to gigabytes is refused with 413 once it passes the bound, never inflated whole.
 * Routes then read the inflated body as if it had been sent plain.
 */
export function contentEncoding(maxBodyBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
    if (encoding === undefined || encoding === '' || encoding === 'identity') return next();
    if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new ApiError(415, ENCODING_MESSAGES.unsupported);
    c.req.raw = await inflatedRequest(c.req.raw, maxBodyBytes);
    return next();
  };
}

/** The request with its gzip body inflated (at most `maxBytes`) and the encoding headers removed. */
export async function inflatedRequest(request: Request, maxBytes: number): Promise<Request> {
  const body = await gunzipBounded(request.body, maxBytes);
  const headers = new Headers(request.headers);
  headers.delete('content-encoding');
  headers.set('content-length', String(body.byteLength));
  return new Request(request.url, { method: request.method, headers, body });
}

async function gunzipBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // Streams keep backpressure: gunzip inflates only as fast as the sink takes its output, and
    // the sink's throw past the bound destroys the pipeline, so the rest is never inflated.
    await pipeline(Readable.fromWeb(body ?? new Blob([]).stream()), createGunzip(), async (inflated) => {
      for await (const chunk of inflated as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new ApiError(413, BODY_MESSAGES.tooLarge(maxBytes));
        chunks.push(chunk);
      }
    });
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(400, ENCODING_MESSAGES.invalidGzip, { cause });
  }
  return Buffer.concat(chunks, size);
}
