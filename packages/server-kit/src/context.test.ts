import { createLogger, createMetrics } from '@quarry/observability';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type BaseVariables, requestContext, requestIdFrom } from './context.ts';

const metrics = createMetrics('context-test');

describe('requestIdFrom', () => {
  it("keeps a client's printable request id of at most 256 characters exactly as sent", () => {
    for (const header of [
      'req_123',
      'has spaces and "quotes"',
      '00-4bf92f3577b34da6-01;x=y/z',
      'a'.repeat(256),
    ]) {
      expect(requestIdFrom(header)).toBe(header);
    }
  });

  it('makes one for an empty, longer or non-printable request id', () => {
    for (const header of ['', 'a'.repeat(257), 'tab\there', 'caf\u00e9', undefined]) {
      expect(requestIdFrom(header)).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    }
  });

  it('replaces a personal access token or ingest key sent as the request id', () => {
    const pat = `pat_${'a'.repeat(16)}_${'b'.repeat(43)}`;
    for (const header of [pat, 'qk_eyJhbGciOiJFZERTQSJ9.e30.c2ln', 'PAT_x']) {
      const id = requestIdFrom(header);
      expect(id).not.toBe(header);
      expect(id).toMatch(/^req_/);
    }
  });
});

describe('requestContext', () => {
  const app = new Hono();
  app.use('*', requestContext({ logger: createLogger({ service: 'test', level: 'silent' }), metrics }));
  app.get('/json', (c) => c.json({ ok: true }, 202));
  app.get('/own-response', () => new Response('made by the route', { status: 201 }));
  app.get('/thrown', () => {
    throw new Error('boom');
  });
  app.onError((_error, c) => c.json({ error: 'Internal error' }, 500));

  it('puts the request id on answers built by hono, by the route itself and by the error handler', async () => {
    for (const [path, status] of [
      ['/json', 202],
      ['/own-response', 201],
      ['/thrown', 500],
    ] as const) {
      const response = await app.request(path);
      expect(response.status).toBe(status);
      expect(response.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    }
    const sent = await app.request('/own-response', { headers: { 'x-request-id': 'trace-1' } });
    expect(sent.headers.get('x-request-id')).toBe('trace-1');
    expect(await sent.text()).toBe('made by the route');
  });
});

describe('request logging', () => {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'test',
    destination: { write: (line: string) => lines.push(line) },
  });
  const app = new Hono<{ Variables: BaseVariables }>();
  app.use('*', requestContext({ logger, metrics }));
  app.post('/items/:id', (c) => {
    c.get('log').warn({ authorization: 'Bearer qk_secret' }, 'route line');
    return c.json({ ok: true }, 202);
  });

  it("writes one access line per request, and the route's own lines under its request id, redacted", async () => {
    await app.request('/items/7?token=x', { method: 'POST', headers: { 'x-request-id': 'trace-2' } });
    const [route, access] = lines.map((line) => JSON.parse(line));
    expect(route).toMatchObject({ requestId: 'trace-2', authorization: '[redacted]', msg: 'route line' });
    expect(Object.keys(access)).toEqual([
      'level',
      'time',
      'service',
      'requestId',
      'method',
      'route',
      'status',
      'ms',
      'msg',
    ]);
    expect(access).toMatchObject({
      service: 'test',
      requestId: 'trace-2',
      method: 'POST',
      route: '/items/:id',
      status: 202,
      msg: 'request',
    });
  });
});

describe('generated request ids', () => {
  it('are distinct across many pool refills', () => {
    const ids = Array.from({ length: 2_000 }, () => requestIdFrom(undefined));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
  });
});
