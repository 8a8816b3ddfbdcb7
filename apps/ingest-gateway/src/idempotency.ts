import { createHash, hash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '@quarry/contract';
import { SharedTrips } from '@quarry/counters';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { answerBytes, answerText } from './answer-body.ts';
import type { GatewayEnv } from './app.ts';
import type { GatewayServices } from './services.ts';

export const IDEMPOTENCY_MESSAGES = {
  invalidKey: 'Invalid Idempotency-Key (1 to 255 printable ASCII characters)',
  reused: 'Idempotency-Key already used for a different request',
  inProgress: 'A request with this Idempotency-Key is still in progress; retry later',
  unavailable: 'Idempotency store unavailable; retry later',
} as const;

const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

type Claim =
  | { state: 'pending'; token: string; fingerprint: string }
  // `type` and base64 `body` since OTLP's protobuf answers; a claim without `type` is JSON text.
  | { state: 'done'; fingerprint: string; status: number; body: string; type?: string };

interface Slot {
  key: string;
  fingerprint: string;
  /** Tells this request's claim from another's. */
  token: string;
}

type IdempotencyStore = GatewayServices['idempotencyStore'];
type KeyWrite = Parameters<IdempotencyStore['setMany']>[0][number];

// Claims and answers of requests in flight share one Redis step (setMany): one set per store. An
// idle store's first step waits for the end of the event loop's turn: the requests whose bodies
// arrived together then claim together. Their socket write and its reply were the larger part of
// the key's cost (docs/pipeline.md, seventh round).
const writesByStore = new WeakMap<IdempotencyStore, SharedTrips<KeyWrite, boolean>>();
// Bounds one script's run: Redis serves nothing else while a script runs.
const MAX_WRITES_PER_TRIP = 500;

/**
 * Runs `work` at most once per (ingest key, Idempotency-Key) within the TTL and answers every retry
 * with the first success's status and body. `work` gets the request's message id (from the ingest key,
 * the Idempotency-Key and the request's fingerprint) to put on the message: an attempt answered 503
 * whose message landed anyway and its retry are then stored once by the writer (see MESSAGE_ID_HEADER).
 * Without the header, `work` gets undefined. Redis holds `idem:<keyId>:<sha256(key)>`: a pending claim
 * (written only if absent) while the first request runs, then its answer. Only a success (2xx) is
 * remembered: any other outcome gives the claim back, so a failed or refused request can be retried
 * with the same key. Claims and answers share Redis steps with those of other requests in flight.
 */
export async function withIdempotency(
  c: Context<GatewayEnv>,
  keyId: string,
  work: (messageId: string | undefined) => Promise<Response>,
  /** The body's bytes; a clone by default, so a route that reads the body its own way still can. */
  bodyBytes: (request: Request) => Promise<Uint8Array> = cloneBytes,
): Promise<Response> {
  const header = c.req.header('idempotency-key');
  if (header === undefined) return work(undefined);
  if (!HEADER_VALUE.test(header)) throw new ApiError(400, IDEMPOTENCY_MESSAGES.invalidKey);
  const slot = {
    key: `idem:${keyId}:${sha256(header)}`,
    fingerprint: await fingerprintOf(c, bodyBytes),
    token: randomUUID(),
  };
  const messageId = sha256(`${keyId}\n${header}\n${slot.fingerprint}`);
  return (await claimOrReplay(c, slot)) ?? runClaimed(c, slot, () => work(messageId));
}

/**
 * Takes the claim (null), or answers with the stored 202. A retry racing the first request waits,
 * bounded, for its outcome; if the first gives its claim back, a waiting retry takes it over.
 */
async function claimOrReplay(c: Context<GatewayEnv>, slot: Slot): Promise<Response | null> {
  const { idempotencyStore: counters, idempotency: settings } = c.get('services');
  const pending = {
    key: slot.key,
    value: JSON.stringify({ state: 'pending', token: slot.token, fingerprint: slot.fingerprint }),
    ttlSeconds: settings.pendingTtlSeconds,
    onlyIfAbsent: true,
  };
  const deadline = Date.now() + settings.waitMs;
  for (let delayMs = 5; ; delayMs = Math.min(delayMs * 2, 100)) {
    if (await store(writeShared(counters, pending))) return null;
    const text = await store(counters.get(slot.key));
    if (text === null) continue; // given back (or expired) between the two calls: claim it again
    const claim = parseClaim(text);
    if (claim !== null && claim.fingerprint !== slot.fingerprint)
      throw new ApiError(422, IDEMPOTENCY_MESSAGES.reused);
    if (claim?.state === 'done') return replay(c, claim);
    if (Date.now() + delayMs > deadline) {
      throw new ApiError(503, IDEMPOTENCY_MESSAGES.inProgress, { headers: { 'Retry-After': '1' } });
    }
    await sleep(delayMs);
  }
}

async function runClaimed(c: Context<GatewayEnv>, slot: Slot, work: () => Promise<Response>) {
  const { idempotencyStore: counters, idempotency: settings } = c.get('services');
  const logger = c.get('log');
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    await giveBack(c, slot);
    throw error;
  }
  if (!response.ok) {
    await giveBack(c, slot);
    return response;
  }
  const type = response.headers.get('content-type') ?? 'application/json';
  const text = answerText(response);
  // A JSON text answer (the dataset routes' 202) is kept as its text, without `type`: the record
  // every gateway, old or new, replays as that text with `application/json`, byte for byte, and no
  // base64 to write. Anything else keeps its content type and base64 bytes.
  const done: Claim =
    text !== undefined && type === 'application/json'
      ? { state: 'done', fingerprint: slot.fingerprint, status: response.status, body: text }
      : {
          state: 'done',
          fingerprint: slot.fingerprint,
          status: response.status,
          type,
          body: (await answerBytes(response)).toString('base64'),
        };
  // The events are in the queue already: a failure here must not turn the 202 into an error.
  const answer = { key: slot.key, value: JSON.stringify(done), ttlSeconds: settings.ttlSeconds };
  await writeShared(counters, answer).catch((error: unknown) => {
    logger.error({ err: error, key: slot.key }, 'could not store an idempotent answer; the claim expires');
  });
  return response;
}

/** The first answer again, byte for byte: a JSON 202 of /v1/logs or an OTLP answer (JSON or protobuf). */
function replay(c: Context<GatewayEnv>, claim: Extract<Claim, { state: 'done' }>): Response {
  c.header('Idempotent-Replayed', 'true');
  const status = claim.status as ContentfulStatusCode;
  if (claim.type === undefined) return c.body(claim.body, status, { 'content-type': 'application/json' });
  return c.body(new Uint8Array(Buffer.from(claim.body, 'base64')), status, { 'content-type': claim.type });
}

/** Deletes our own pending claim. Get-then-delete is safe: a pending claim outlives any request. */
async function giveBack(c: Context<GatewayEnv>, slot: Slot): Promise<void> {
  const { idempotencyStore: counters } = c.get('services');
  try {
    const current = parseClaim(await counters.get(slot.key));
    if (current?.state === 'pending' && current.token === slot.token) await counters.delete(slot.key);
  } catch (error) {
    c.get('log').warn({ err: error, key: slot.key }, 'could not give back an idempotency claim; it expires');
  }
}

/** Same key, different request (path, dataset header or body): refused rather than answered wrongly. */
async function fingerprintOf(
  c: Context<GatewayEnv>,
  bodyBytes: (request: Request) => Promise<Uint8Array>,
): Promise<string> {
  const hash = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${c.req.header('x-loguro-dataset-id') ?? ''}\n`)
    .update(await bodyBytes(c.req.raw));
  return hash.digest('base64url');
}

async function cloneBytes(request: Request): Promise<Uint8Array> {
  return new Uint8Array(await request.clone().arrayBuffer());
}

/** Writes one key in the store's next shared step (see SharedTrips): true when it was stored. */
function writeShared(counters: IdempotencyStore, write: KeyWrite): Promise<boolean> {
  let writes = writesByStore.get(counters);
  if (!writes) {
    writes = new SharedTrips((_, batch) => counters.setMany(batch), MAX_WRITES_PER_TRIP, 'after-this-turn');
    writesByStore.set(counters, writes);
  }
  return writes.send('idempotency', write);
}

function parseClaim(text: string | null): Claim | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Claim;
  } catch {
    return null;
  }
}

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

// Without the store a retry could be stored twice: fail closed, like the quota.
async function store<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    throw new ApiError(503, IDEMPOTENCY_MESSAGES.unavailable, {
      headers: { 'Retry-After': '5' },
      cause: error,
    });
  }
}
