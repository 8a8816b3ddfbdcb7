import { ApiError } from '@quarry/contract';
import { INGEST_MESSAGES } from '@quarry/schema';

export const BODY_MESSAGES = {
  tooLarge: (max: number) => `Body too large (at most ${max} bytes)`,
  tooManyRecords: (max: number) => `Batch too large (at most ${max} records)`,
} as const;

/** Parses the (already size-limited) body; anything that is not JSON is the client's error, never a 500. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
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
