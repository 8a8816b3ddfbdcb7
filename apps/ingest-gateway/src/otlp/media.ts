import { ApiError } from '@quarry/contract';
import type { MiddlewareHandler } from 'hono';
import { encodeStatus } from './proto.ts';

export type OtlpEncoding = 'json' | 'protobuf';

export const OTLP_MEDIA_MESSAGE = 'Unsupported Content-Type: send application/json or application/x-protobuf';

/** OTLP/HTTP's two encodings, by Content-Type (parameters such as charset allowed). */
export function otlpEncoding(contentType: string | undefined): OtlpEncoding | undefined {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

export function requireOtlpEncoding(contentType: string | undefined): OtlpEncoding {
  const encoding = otlpEncoding(contentType);
  if (encoding === undefined) throw new ApiError(415, OTLP_MEDIA_MESSAGE);
  return encoding;
}

// google.rpc.Code for the statuses the gateway answers, as OTLP exporters log them.
const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  413: 8,
  415: 3,
  422: 9,
  429: 8,
  503: 14,
};

/**
 * OTLP/HTTP wants a refusal of a protobuf request as a protobuf google.rpc.Status. Every refusal is
 * built as the JSON envelope first (by any middleware or route); this re-encodes its message, keeping
 * status and headers (Retry-After). JSON requests keep the envelope, which has the Status's `message`.
 */
export const otlpRefusals: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status < 400 || otlpEncoding(c.req.header('content-type')) !== 'protobuf') return;
  const envelope = (await c.res
    .clone()
    .json()
    .catch(() => ({}))) as { message?: unknown };
  const message = typeof envelope.message === 'string' ? envelope.message : 'Request refused';
  const headers = new Headers(c.res.headers);
  headers.set('content-type', 'application/x-protobuf');
  headers.delete('content-length');
  const body = encodeStatus({ code: GRPC_CODES[c.res.status] ?? 2, message });
  c.res = new Response(body, { status: c.res.status, headers });
};
