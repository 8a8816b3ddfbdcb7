import { ApiError } from '@quarry/contract';
import type { MiddlewareHandler } from 'hono';
import type { IngestMetrics } from './services.ts';

export const ADMISSION_MESSAGES = {
  busy: 'Too many requests in flight; retry later',
} as const;

/** Default budget of body bytes admitted at once: 64 bodies of the default 4 MiB bound. */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 256 * 1024 * 1024;

export interface AdmissionLimits {
  /** Requests admitted at once, from arrival to answer. */
  maxRequests: number;
  /** Body bytes admitted at once: a request's Content-Length, or the body bound when it has none. */
  maxBytes: number;
  /** The body bound; a chunked body may grow to it, so it is reserved in full. */
  maxBodyBytes: number;
}

/**
 * Admits a request before its body is read: past the request or byte budget it answers 503 with
 * Retry-After at once, so a flood of slow or large bodies cannot make the gateway buffer them all.
 * The reservation is released when the answer is ready, whatever it is.
 */
export function admission(limits: AdmissionLimits, gauges: IngestMetrics['admitted']): MiddlewareHandler {
  let requests = 0;
  let bytes = 0;
  const publish = () => {
    gauges.requests.set(requests);
    gauges.bytes.set(bytes);
  };
  return async (c, next) => {
    const length = declaredLength(c.req.header('content-length'));
    // Over the bound: the body limit that runs next answers 413 without reading it.
    if (length !== undefined && length > limits.maxBodyBytes) return next();
    // A compressed body may inflate up to the body bound, so it reserves the bound in full.
    const compressed = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase() !== 'identity';
    const reserved = compressed ? limits.maxBodyBytes : (length ?? limits.maxBodyBytes);
    if (requests + 1 > limits.maxRequests || bytes + reserved > limits.maxBytes) {
      throw new ApiError(503, ADMISSION_MESSAGES.busy, { headers: { 'Retry-After': '1' } });
    }
    requests += 1;
    bytes += reserved;
    publish();
    try {
      await next();
    } finally {
      requests -= 1;
      bytes -= reserved;
      publish();
    }
  };
}

function declaredLength(header: string | undefined): number | undefined {
  const length = header === undefined ? Number.NaN : Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
