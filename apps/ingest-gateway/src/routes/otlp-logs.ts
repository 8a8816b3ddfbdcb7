import { ApiError } from '@quarry/contract';
import { INGEST_MESSAGES } from '@quarry/schema';
import type { Context, Hono } from 'hono';
import type { GatewayEnv } from '../app.ts';
import { withIdempotency } from '../idempotency.ts';
import { authenticateIngestKey } from '../keys/ingest-auth.ts';
import { queueLogEvents } from '../logs/ingest.ts';
import { enforceLogRateLimit } from '../logs/rate-limit.ts';
import { type OtlpEncoding, requireOtlpEncoding } from '../otlp/media.ts';
import { decodeLogsRequest, encodeLogsResponse } from '../otlp/proto.ts';
import { type Conversion, toLogEvents } from '../otlp/records.ts';

export const OTLP_PROTOBUF_MESSAGE = 'Invalid protobuf body: not an ExportLogsServiceRequest';

/**
 * OTLP/HTTP logs (`/otlp/v1/logs`, JSON or protobuf) into the same pipeline as `POST /v1/logs`: the
 * same ingest key, rate limit, idempotency and monthly log quota. Checked in this order: body size
 * (middleware), API key, Content-Type, rate limit, Idempotency-Key, body, records, quota, broker ack.
 */
export function registerOtlpLogIngest(app: Hono<GatewayEnv>): void {
  app.post('/otlp/v1/logs', async (c) => {
    const services = c.get('services');
    const identity = await authenticateIngestKey(c.req.header('authorization'), services.keys);
    const encoding = requireOtlpEncoding(c.req.header('content-type'));
    await enforceLogRateLimit(services, identity.keyId);
    return withIdempotency(c, identity.keyId, async (messageId) => {
      const converted = toLogEvents(await readRequest(c.req.raw, encoding));
      if (!converted.ok) throw new ApiError(converted.status, converted.message);
      const { events } = converted.value;
      if (events.length > 0) {
        await queueLogEvents(services, { identity, events, traceId: c.get('requestId'), messageId });
        services.ingestMetrics.records.inc({ kind: 'log' }, events.length);
      }
      return answer(c, encoding, converted.value);
    });
  });
}

async function readRequest(request: Request, encoding: OtlpEncoding): Promise<unknown> {
  if (encoding === 'protobuf') {
    try {
      return decodeLogsRequest(new Uint8Array(await request.arrayBuffer()));
    } catch {
      throw new ApiError(400, OTLP_PROTOBUF_MESSAGE);
    }
  }
  try {
    return JSON.parse(await request.text());
  } catch {
    throw new ApiError(400, INGEST_MESSAGES.invalidJson);
  }
}

/** ExportLogsServiceResponse in the request's encoding: empty when every record was taken. */
function answer(c: Context<GatewayEnv>, encoding: OtlpEncoding, conversion: Conversion) {
  const partialSuccess =
    conversion.rejected > 0
      ? { rejectedLogRecords: conversion.rejected, errorMessage: conversion.errorMessage ?? '' }
      : undefined;
  if (encoding === 'json') {
    // proto3 JSON writes int64 as a string.
    const body = partialSuccess
      ? {
          partialSuccess: {
            ...partialSuccess,
            rejectedLogRecords: String(partialSuccess.rejectedLogRecords),
          },
        }
      : {};
    return c.json(body, 200);
  }
  const bytes = encodeLogsResponse(partialSuccess ? { partialSuccess } : {});
  return c.body(new Uint8Array(bytes), 200, { 'content-type': 'application/x-protobuf' });
}
