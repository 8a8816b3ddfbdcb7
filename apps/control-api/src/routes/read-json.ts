import { ApiError } from '@quarry/contract';

/**
 * Reads a JSON body for routes that validate it themselves; bad JSON is the client's error. When the
 * body is broken, `access` runs first, so a caller without access to the project gets the same 404
 * (or 403) as with a good body: the body is never judged for someone who may not send it.
 */
export async function readJson(request: Request, access: () => Promise<unknown>): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    await access();
    throw new ApiError(400, 'Invalid JSON body');
  }
}
