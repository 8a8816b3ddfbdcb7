import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions, MAX_MESSAGE_LENGTH } from './logger.ts';

interface Sent {
  headers: Headers;
  body: { events: { message: string; level: string; metadata?: Record<string, unknown> }[] };
  keepalive: boolean;
}

/** An in-process stand-in for the gateway: answers each request with the next status given. */
function gateway(statuses: number[] = []) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (_, init) => {
    const headers = new Headers(init?.headers);
    const raw = init?.body instanceof Uint8Array ? init.body : new TextEncoder().encode(String(init?.body));
    const text =
      headers.get('content-encoding') === 'gzip' ? gunzipSync(raw).toString() : new TextDecoder().decode(raw);
    sent.push({ headers, body: JSON.parse(text), keepalive: init?.keepalive === true });
    const status = statuses.shift() ?? 202;
    return new Response(JSON.stringify(status === 202 ? { accepted: 1 } : { message: 'no' }), { status });
  };
  return { sent, fetch };
}

const base = (fetch: typeof globalThis.fetch): LoggerOptions => ({
  ingestUrl: 'http://gateway.test',
  apiKey: 'qk_test',
  fetch,
  flushOnExit: false,
  flushIntervalMs: 60_000,
  onError: () => undefined,
});

describe('logger', () => {
  it('sends nothing below its minimum level', async () => {
    const wire = gateway();
    const logger = createLogger({ ...base(wire.fetch), level: 'warn' });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger[level](level);
    await logger.flush();
    expect(wire.sent.flatMap((request) => request.body.events.map((event) => event.level))).toEqual([
      'warn',
      'error',
    ]);
  });

  it("gives a child's events its bound metadata, the event's own keys winning, through the parent's buffer", async () => {
    const wire = gateway();
    const logger = createLogger(base(wire.fetch));
    const child = logger.child({ requestId: 'req_1', user: 7 });
    const grandchild = child.child({ step: 'charge' });
    child.info('child', { user: 8 });
    grandchild.error('grandchild', new Error('declined'));
    logger.info('parent');
    await logger.flush();
    expect(wire.sent).toHaveLength(1);
    const [first, second, third] = wire.sent[0]?.body.events ?? [];
    expect(first?.metadata).toEqual({ requestId: 'req_1', user: 8 });
    expect(second?.metadata).toMatchObject({
      requestId: 'req_1',
      user: 7,
      step: 'charge',
      error: { message: 'declined' },
    });
    expect(third?.metadata).toBeUndefined();
  });

  it('truncates a message over the limit instead of losing the event', async () => {
    const wire = gateway();
    const logger = createLogger(base(wire.fetch));
    logger.info(`${'a'.repeat(MAX_MESSAGE_LENGTH - 14)}😀${'b'.repeat(100)}`);
    await logger.flush();
    const message = wire.sent[0]?.body.events[0]?.message ?? '';
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message.endsWith('a… [truncated]')).toBe(true);
  });

  it('retries 503 and 429 by default, with one Idempotency-Key for every attempt', async () => {
    const wire = gateway([503, 429, 202]);
    const logger = createLogger({ ...base(wire.fetch), retry: { baseDelayMs: 1 } });
    logger.info('survives a restarting gateway');
    await logger.flush();
    expect(wire.sent).toHaveLength(3);
    expect(new Set(wire.sent.map((request) => request.headers.get('idempotency-key'))).size).toBe(1);
    expect(logger.dropped).toBe(0);
  });

  it('drops the newest events past maxQueuedEvents and counts every event lost', async () => {
    const wire = gateway([400]);
    const logger = createLogger({ ...base(wire.fetch), maxQueuedEvents: 5 });
    for (let i = 0; i < 8; i++) logger.info(`event ${i}`);
    expect(logger.dropped).toBe(3);
    await expect(logger.flush()).rejects.toThrow('Log events dropped');
    expect(wire.sent[0]?.body.events.map((event) => event.message)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `event ${i}`),
    );
    expect(logger.dropped).toBe(8);
  });

  it('gzips bodies of 1 KiB or more, and sends plain from the first 415 on', async () => {
    const wire = gateway([415]);
    const logger = createLogger(base(wire.fetch));
    logger.info('x'.repeat(2_000));
    await logger.flush();
    logger.info('y'.repeat(2_000));
    logger.info('short');
    await logger.flush();
    expect(wire.sent.map((request) => request.headers.get('content-encoding'))).toEqual(['gzip', null, null]);
    expect(wire.sent[1]?.body.events[0]?.message).toBe('x'.repeat(2_000));
    expect(logger.dropped).toBe(0);
  });
});
