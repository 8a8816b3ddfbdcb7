import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  openTestBackends,
  orderRecord,
  startTestGateway,
  TEST_LIMITS,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from './testing.ts';

describe('Content-Encoding: gzip on the ingest endpoints', () => {
  let backends: TestBackends;
  let gateway: TestGateway;
  let tenant: Tenant;
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startTestGateway(backends);
    tenant = await createTenant(backends.control);
  });
  afterAll(async () => {
    await gateway?.stop();
    await backends?.close();
  });

  const send = async (path: string, body: Uint8Array, encoding = 'gzip') => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.apiKey}`,
        'content-type': 'application/json',
        'content-encoding': encoding,
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('accepts gzip bodies on the dataset and log endpoints, even when they inflate past the compressed size', async () => {
    // Inflated this batch is near the body bound; compressed it is a few KiB.
    const records = Array.from({ length: 40 }, (_, i) =>
      orderRecord({ context: { pad: 'x'.repeat(1_400), i } }),
    );
    const inflated = JSON.stringify(records);
    expect(inflated.length).toBeGreaterThan(TEST_LIMITS.maxBodyBytes / 2);
    expect(await send(`/datasets/${tenant.datasetId}/batch`, gzipSync(inflated))).toEqual({
      status: 202,
      body: { success: true, count: 40, status: 'queued' },
    });
    const events = { events: [{ message: 'compressed', level: 'info' }] };
    expect(await send('/v1/logs', gzipSync(JSON.stringify(events)))).toEqual({
      status: 202,
      body: { accepted: 1 },
    });
  });

  it('applies the body limit after decompression: a small zip bomb answers 413', async () => {
    const bomb = gzipSync(JSON.stringify([orderRecord({ context: { pad: 'x'.repeat(8 * 1024 * 1024) } })]));
    expect(bomb.byteLength).toBeLessThan(TEST_LIMITS.maxBodyBytes);
    expect(await send(`/datasets/${tenant.datasetId}/batch`, bomb)).toEqual({
      status: 413,
      body: {
        error: 'Payload Too Large',
        message: `Body too large (at most ${TEST_LIMITS.maxBodyBytes} bytes)`,
      },
    });
  });

  it('answers 400 for a body that is not gzip, and 415 for an encoding it does not take', async () => {
    const plain = new TextEncoder().encode(JSON.stringify({ events: [{ message: 'plain' }] }));
    expect(await send('/v1/logs', plain)).toEqual({
      status: 400,
      body: { error: 'Bad Request', message: 'Invalid gzip body' },
    });
    expect(await send('/v1/logs', plain, 'br')).toEqual({
      status: 415,
      body: { error: 'Unsupported Media Type', message: 'Unsupported Content-Encoding (only gzip)' },
    });
  });
});
