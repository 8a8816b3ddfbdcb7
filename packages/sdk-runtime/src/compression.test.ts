import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeBody, MIN_GZIP_BYTES, refusedGzip } from './compression.ts';

describe('encodeBody', () => {
  it('gzips a body worth it, and leaves small ones and keepalive ones plain', async () => {
    const text = JSON.stringify({
      events: Array.from({ length: 50 }, (_, i) => ({ message: `event ${i}` })),
    });
    const support = { enabled: true };
    const sent = await encodeBody(text, support);
    expect(sent.headers).toEqual({ 'content-encoding': 'gzip' });
    expect(gunzipSync(sent.body as Uint8Array).toString()).toBe(text);
    expect((sent.body as Uint8Array).byteLength).toBeLessThan(text.length / 3);
    expect(await encodeBody('x'.repeat(MIN_GZIP_BYTES - 1), support)).toEqual({
      body: 'x'.repeat(1023),
      headers: {},
    });
    expect((await encodeBody(text, support, true)).headers).toEqual({});
  });

  it('turns gzip off for good after a 415 to a gzip body, and only then', async () => {
    const support = { enabled: true };
    const sent = await encodeBody('y'.repeat(4_096), support);
    expect(refusedGzip(400, sent, support)).toBe(false);
    expect(refusedGzip(415, { body: 'plain', headers: {} }, support)).toBe(false);
    expect(refusedGzip(415, sent, support)).toBe(true);
    expect(await encodeBody('y'.repeat(4_096), support)).toEqual({ body: 'y'.repeat(4_096), headers: {} });
  });
});
