import { gzipSync } from 'node:zlib';
import { ApiError } from '@quarry/contract';
import { describe, expect, it } from 'vitest';
import { inflatedRequest } from './content-encoding.ts';

const CHUNK = 1024;

/** A body that arrives as the network gives it: 1 KiB chunks, one per turn of the event loop, counted. */
function pulledBody(bytes: Uint8Array) {
  const counter = { pulled: 0, total: Math.ceil(bytes.byteLength / CHUNK) };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setImmediate(resolve));
      if (counter.pulled === counter.total) return controller.close();
      controller.enqueue(bytes.subarray(counter.pulled * CHUNK, (counter.pulled + 1) * CHUNK));
      counter.pulled++;
    },
  });
  return { stream, counter };
}

const gzipRequest = (body: Uint8Array | ReadableStream<Uint8Array>) =>
  new Request('http://gateway.test/v1/logs', {
    method: 'POST',
    headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);

describe('inflatedRequest', () => {
  it('gives the routes the plain body and drops the encoding header', async () => {
    const text = JSON.stringify({ events: [{ message: 'é'.repeat(500) }] });
    const request = await inflatedRequest(gzipRequest(gzipSync(text)), 64 * 1024);
    expect(await request.text()).toBe(text);
    expect(request.headers.get('content-encoding')).toBeNull();
    expect(request.headers.get('content-type')).toBe('application/json');
  });

  it('accepts a body that inflates to exactly the bound', async () => {
    const request = await inflatedRequest(gzipRequest(gzipSync('x'.repeat(4096))), 4096);
    expect((await request.arrayBuffer()).byteLength).toBe(4096);
  });

  it('refuses a zip bomb with 413 after inflating only past the bound, not all of it', async () => {
    const bomb = gzipSync(new Uint8Array(128 * 1024 * 1024)); // 128 MiB of zeros in ~128 KiB
    // How far ahead the source is pulled depends on scheduling (52, then all 128 chunks under load),
    // so only the bound on inflated bytes is asserted: the 413.
    const { stream } = pulledBody(bomb);
    const refusal = await inflatedRequest(gzipRequest(stream), 64 * 1024).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 413, message: 'Body too large (at most 65536 bytes)' });
  });

  it.each([
    ['bytes that are not gzip', new TextEncoder().encode('{"events":[]}')],
    ['a truncated gzip stream', gzipSync('x'.repeat(10_000)).subarray(0, 20)],
  ])('answers 400 Invalid gzip body for %s', async (_, body) => {
    const refusal = await inflatedRequest(gzipRequest(body), 64 * 1024).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, message: 'Invalid gzip body' });
  });
});
