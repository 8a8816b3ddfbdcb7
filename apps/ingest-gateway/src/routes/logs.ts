import { ApiError } from '@quarry/contract';
import { serverTime, validateLogEvent, validateLogEvents } from '@quarry/logs';
import type { Context, Hono } from 'hono';
import type { GatewayEnv } from '../app.ts';
import { parseJsonBody, readBody, readBodyText, requestBytes } from '../body.ts';
import { withIdempotency } from '../idempotency.ts';
import { authenticateIngestKey, type IngestIdentity } from '../keys/ingest-auth.ts';
import { transcodeLogBatch } from '../logs/batch-bytes.ts';
import { acceptedCount, queueLogEvents } from '../logs/ingest.ts';
import { isNdjson, validateNdjsonEvents } from '../logs/ndjson.ts';
import { enforceLogRateLimit, logRateLimit } from '../logs/rate-limit.ts';

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
  // A claimed Idempotency-Key must have passed the rate limit. Without one, nothing the client sees
  // comes between the two, so the rate limit joins the quota's Redis step (one round trip, not two).
  if (c.req.header('idempotency-key') === undefined) return accept(c, shape, identity, undefined, 'deferred');
  await enforceLogRateLimit(services, identity.keyId);
  return withIdempotency(
    c,
    identity.keyId,
    (messageId) => accept(c, shape, identity, messageId, 'done'),
    requestBytes,
  );
}

/** Events, then quota and broker. With the rate limit `deferred`, a refused body waits for it first. */
async function accept(
  c: Context<GatewayEnv>,
  shape: Shape,
  identity: IngestIdentity,
  messageId: string | undefined,
  rateLimit: 'deferred' | 'done',
) {
  const services = c.get('services');
  // The rate limit's answer comes before the body's, as if it had been checked first.
  const refuse = async (error: unknown): Promise<never> => {
    if (rateLimit === 'deferred') await enforceLogRateLimit(services, identity.keyId);
    throw error;
  };
  const checked = await readEvents(c.req.raw, shape).catch(refuse);
  if (!checked.ok) {
    const { ok: _, message, ...details } = checked;
    return refuse(new ApiError(400, message, { details }));
  }
  await queueLogEvents(services, {
    identity,
    events: checked.events,
    traceId: c.get('requestId'),
    messageId,
    ...(rateLimit === 'deferred' ? { rateLimit: logRateLimit(services, identity.keyId) } : {}),
  });
  const accepted = acceptedCount(checked.events);
  services.ingestMetrics.records.inc({ kind: 'log' }, accepted);
  return c.json({ accepted }, 202);
}

/**
 * JSON, or for `/v1/logs` NDJSON (one event per line) when the Content-Type says so. A JSON batch the
 * transcoder vouches for is copied from its bytes; anything else is parsed and validated, which is
 * where every refusal comes from.
 */
async function readEvents(request: Request, shape: Shape) {
  if (shape === 'batch' && isNdjson(request.headers.get('content-type') ?? undefined))
    return validateNdjsonEvents(await readBodyText(request));
  const { text, bytes } = await readBody(request);
  const now = new Date();
  if (shape === 'batch') {
    const events = transcodeLogBatch(text, serverTime(now), bytes);
    if (events) return { ok: true as const, events };
  }
  const body = parseJsonBody(text);
  return shape === 'batch' ? validateLogEvents(body, now) : singleEvent(body, now);
}

function singleEvent(body: unknown, now: Date) {
  const result = validateLogEvent(body, now);
  return result.ok ? { ok: true as const, events: [result.event] } : result;
}
