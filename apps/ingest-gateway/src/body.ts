import { ApiError } from '@quarry/contract';
import { INGEST_MESSAGES } from '@quarry/schema';

export const BODY_MESSAGES = {
  tooLarge: (max: number) => `Body too large (at most ${max} bytes)`,
  tooManyRecords: (max: number) => `Batch too large (at most ${max} records)`,
} as const;

const read = new WeakMap<Request, Promise<Uint8Array>>();
// As Request#text decodes: a leading byte-order mark dropped, invalid UTF-8 as U+FFFD.
const utf8 = new TextDecoder();

/**
 * The body's bytes, read once however many steps need them (the Idempotency-Key's fingerprint, then
 * the parse), instead of a clone that tees the body into two streams.
 */
export function requestBytes(request: Request): Promise<Uint8Array> {
  let bytes = read.get(request);
  if (!bytes) {
    bytes = request.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    read.set(request, bytes);
  }
  return bytes;
}

/** Parses the (already size-limited) body; anything that is not JSON is the client's error, never a 500. */
export async function readJsonBody(request: Request): Promise<unknown> {
  return parseJsonBody(await readBodyText(request));
}

/** The body as Request#text gives it, from the bytes when a step already read them. */
export async function readBodyText(request: Request): Promise<string> {
  return (await readBody(request)).text;
}

/** The body's text, and its bytes when a step (the Idempotency-Key's fingerprint) already read them. */
export async function readBody(request: Request): Promise<{ text: string; bytes?: Uint8Array }> {
  const pending = read.get(request);
  if (!pending) return { text: await request.text() };
  const bytes = await pending;
  // The last step to need them: a keyed request's bytes (outside the heap) are garbage once its
  // rows are taken, not kept by the request until the broker's ack, when many are in flight.
  read.delete(request);
  return { text: utf8.decode(bytes), bytes };
}

export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, INGEST_MESSAGES.invalidJson);
  }
}

/** A positive integer id from a path segment or header, or the contract's 400. */
export function parseDatasetId(raw: string): number {
  const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError(400, INGEST_MESSAGES.invalidDatasetId);
  return id;
}
