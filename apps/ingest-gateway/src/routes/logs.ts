import { ApiError } from '@quarry/contract';
import { validateLogEvent, validateLogEvents } from '@quarry/logs';
import type { Context, Hono } from 'hono';
import type { GatewayEnv } from '../app.ts';
import { readJsonBody } from '../body.ts';
import { withIdempotency } from '../idempotency.ts';
import { authenticateIngestKey } from '../keys/ingest-auth.ts';
import { queueLogEvents } from '../logs/ingest.ts';
import { isNdjson, validateNdjsonEvents } from '../logs/ndjson.ts';
import { enforceLogRateLimit } from '../logs/rate-limit.ts';

type Shape = 'batch' | 'single';

/**
 * The log endpoints (contract §3), checked in this order: body size (middleware), API key, rate
 * limit, Idempotency-Key (a replay answers here), JSON, events, quota, then the broker's ack.
 */
export function registerLogIngest(app: Hono<GatewayEnv>): void {
  app.post('/v1/logs', (c) => ingest(c, 'batch'));
  app.post('/v1/ingest', (c) => ingest(c, 'single'));
}

async function ingest(c: Context<GatewayEnv>, shape: Shape) {
  const services = c.get('services');
  const identity = await authenticateIngestKey(c.req.header('authorization'), services.keys);
  await enforceLogRateLimit(services, identity.keyId);
  return withIdempotency(c, identity.keyId, async (messageId) => {
    const checked = await readEvents(c.req.raw, shape);
    if (!checked.ok) {
      const { ok: _, message, ...details } = checked;
      throw new ApiError(400, message, { details });
    }
    await queueLogEvents(services, {
      identity,
      events: checked.events,
      traceId: c.get('requestId'),
      messageId,
    });
    services.ingestMetrics.records.inc({ kind: 'log' }, checked.events.length);
    return c.json({ accepted: checked.events.length }, 202);
  });
}

/** JSON, or for `/v1/logs` NDJSON (one event per line) when the Content-Type says so. */
async function readEvents(request: Request, shape: Shape) {
  if (shape === 'batch' && isNdjson(request.headers.get('content-type') ?? undefined))
    return validateNdjsonEvents(await request.text());
  const body = await readJsonBody(request);
  return shape === 'batch' ? validateLogEvents(body) : singleEvent(body);
}

function singleEvent(body: unknown) {
  const result = validateLogEvent(body);
  return result.ok ? { ok: true as const, events: [result.event] } : result;
}
