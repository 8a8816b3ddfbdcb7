import { ApiError } from '@quarry/contract';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { declaredBodyLimit } from './body-limit.ts';

const MAX = 16;

function appWithLimit() {
  const app = new Hono();
  app.onError((error, c) =>
    error instanceof ApiError ? c.json(error.toBody(), error.status) : c.text('unexpected', 500),
  );
  app.use('*', declaredBodyLimit(MAX));
  app.post('/', async (c) => c.text(await c.req.raw.text()));
  return app;
}

/** A request that counts how often something asked for its body as a web stream. */
function countingRequest(init: RequestInit & { headers: Record<string, string> }) {
  const request = new Request('http://gateway.test/', init);
  const counter = { streamReads: 0 };
  const bodyOf = Object.getOwnPropertyDescriptor(Request.prototype, 'body')?.get;
  Object.defineProperty(request, 'body', {
    get() {
      counter.streamReads++;
      return bodyOf?.call(request);
    },
  });
  return { request, counter };
}

const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

describe('declaredBodyLimit', () => {
  it('leaves a body of declared length unread for the route, not turned into a stream', async () => {
    const { request, counter } = countingRequest({
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-length': '7' },
    });
    const response = await appWithLimit().request(request);
    expect(await response.text()).toBe('{"a":1}');
    expect(counter.streamReads).toBe(0);
  });

  it('answers 413 with the contract message for a declared length over the bound', async () => {
    const response = await appWithLimit().request('/', {
      method: 'POST',
      body: 'x'.repeat(MAX + 1),
      headers: { 'content-length': String(MAX + 1) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ message: `Body too large (at most ${MAX} bytes)` });
  });

  it('counts a chunked body while reading it: within the bound it reaches the route', async () => {
    const init = { method: 'POST', body: chunked('x'.repeat(MAX)), duplex: 'half' } as RequestInit;
    const response = await appWithLimit().request('/', init);
    expect(await response.text()).toBe('x'.repeat(MAX));
  });

  it('counts a chunked body while reading it: past the bound it answers 413', async () => {
    const init = { method: 'POST', body: chunked('x'.repeat(MAX + 1)), duplex: 'half' } as RequestInit;
    const response = await appWithLimit().request('/', init);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ message: `Body too large (at most ${MAX} bytes)` });
  });
});
