import { ApiError } from '@quarry/contract';

/** Reads a JSON body for routes that validate it themselves; bad JSON is the client's error. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Invalid JSON body');
  }
}
