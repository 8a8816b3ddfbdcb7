import { standInPage } from '@quarry/sdk-runtime/testing';
import { describe, expect, it } from 'vitest';
import { createQuarry } from './client.ts';
import { defineSchema } from './schema.ts';

describe('datasets client in a page', () => {
  it('sends buffered records on pagehide as keepalive requests, plain, which outlive the page', async () => {
    const page = standInPage();
    const sent: RequestInit[] = [];
    const quarry = createQuarry({
      controlUrl: 'http://control.test',
      ingestUrl: 'http://gateway.test',
      project: 'p',
      apiKey: 'qk_test',
      batching: { flushIntervalMs: 60_000 },
      fetch: async (_, init) => {
        sent.push(init ?? {});
        return new Response('{"success":true,"count":1,"status":"queued"}', { status: 202 });
      },
    });
    const dataset = quarry.dataset(7, defineSchema({ note: 'string' }));
    dataset.ingest({ timestamp: '2026-06-10T10:00:00Z', context: {}, note: 'x'.repeat(5_000) });
    page.dispatchEvent(new Event('pagehide'));
    await quarry.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ keepalive: true, body: expect.stringContaining('"note"') });
    expect(new Headers(sent[0]?.headers).get('content-encoding')).toBeNull();

    // Back from the back/forward cache: requests are ordinary again (gzip, with a timeout).
    dataset.ingest({ timestamp: '2026-06-10T10:00:00Z', context: {}, note: 'y'.repeat(5_000) });
    await quarry.flush();
    expect(sent[1]?.keepalive).toBeUndefined();
    expect(new Headers(sent[1]?.headers).get('content-encoding')).toBe('gzip');
  });
});
