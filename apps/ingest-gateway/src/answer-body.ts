import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const texts = new WeakMap<Response, string>();

/**
 * `c.json`, remembering the text it sent, so an Idempotency-Key record can store the answer without
 * cloning it: a clone turns the node adapter's light response into a web Response and a stream.
 */
export function jsonAnswer(c: Context, value: unknown, status: ContentfulStatusCode): Response {
  const text = JSON.stringify(value);
  const response = c.body(text, status, { 'content-type': 'application/json' });
  texts.set(response, text);
  return response;
}

/** The JSON text `jsonAnswer` sent, or undefined for an answer built another way. */
export function answerText(response: Response): string | undefined {
  return texts.get(response);
}

/** An answer's body bytes: the remembered text, or a clone's when the route built it another way. */
export async function answerBytes(response: Response): Promise<Buffer> {
  const text = texts.get(response);
  return text === undefined ? Buffer.from(await response.clone().arrayBuffer()) : Buffer.from(text);
}
