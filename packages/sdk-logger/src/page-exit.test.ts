import { standInPage } from '@quarry/sdk-runtime/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger in a page', () => {
  it('sends what is buffered on pagehide as keepalive requests, which outlive the page', async () => {
    const page = standInPage();
    const sent: RequestInit[] = [];
    const logger = createLogger({
      ingestUrl: 'http://gateway.test',
      apiKey: 'qk_test',
      flushIntervalMs: 60_000,
      fetch: async (_, init) => {
        sent.push(init ?? {});
        return new Response('{"accepted":1}', { status: 202 });
      },
    });
    logger.info('clicked buy', { long: 'x'.repeat(5_000) });
    page.dispatchEvent(new Event('pagehide'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ keepalive: true });
    expect(new Headers(sent[0]?.headers).get('content-encoding')).toBeNull();
    await logger.close();
  });
});
