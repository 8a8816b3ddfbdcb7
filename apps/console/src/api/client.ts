import type { ControlComponents as components, ControlPaths as paths } from '@quarry/openapi-client';
import createClient from 'openapi-fetch';

/** The one client: types generated from the control API's /openapi.json (packages/openapi-client). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export type Schemas = components['schemas'];

/** An answer that was not 2xx: the API's own message, shown where the user acted. */
export class ApiFailure extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Unwraps an openapi-fetch result into its data, or throws the API's message. */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: Awaited<typeof pending>;
  try {
    result = await pending;
  } catch {
    throw new ApiFailure(0, 'The server cannot be reached; check your connection and retry.');
  }
  const { data, error, response } = result;
  if (response.ok) return data as NonNullable<T>;
  const message =
    typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
      ? error.message
      : `Request failed (${response.status})`;
  throw new ApiFailure(response.status, message);
}

/** The ingest gateway's URL, which the control API writes into the page it serves. */
export function ingestUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="quarry-ingest-url"]');
  return meta?.content || 'http://127.0.0.1:8081';
}
