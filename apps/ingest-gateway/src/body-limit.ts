import { ApiError } from '@quarry/contract';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BODY_MESSAGES } from './body.ts';

/**
 * Bounds the body without touching it when its length is declared: over the bound answers 413 at
 * once, within it the route reads it later straight from the socket (the node adapter's fast path;
 * Node's parser never delivers more than Content-Length). hono's bodyLimit reads `request.body`
 * first, which turns the adapter's light request into a web Request over a Readable.toWeb stream
 * (5-6% of the gateway's CPU in the profile, and the stream's reads besides). A chunked body is
 * counted while buffered, as before.
 */
export function declaredBodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new ApiError(413, BODY_MESSAGES.tooLarge(maxBytes));
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number.parseInt(length, 10) > maxBytes) tooLarge();
    return next();
  };
}
