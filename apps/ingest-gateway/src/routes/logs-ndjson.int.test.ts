import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { logGatewaySuite } from '../logs/log-test-gateway.ts';
import { eventually } from '../testing.ts';

describe('POST /v1/logs with an NDJSON body (Content-Type: application/x-ndjson)', () => {
  const suite = logGatewaySuite();

  const send = (body: string, type = 'application/x-ndjson', headers: Record<string, string> = {}) =>
    suite.gateway.post('/v1/logs', body, {
      apiKey: suite.tenant.apiKey,
      headers: { 'content-type': type, ...headers },
    });

  it('queues one event per line, in order, blank lines ignored', async () => {
    const traceId = `req_${randomUUID().slice(0, 12)}`;
    const body = '{"message":"first","level":"warn"}\n\n{"message":"second","metadata":{"n":2}}\r\n';
    expect(
      await send(body, 'application/x-ndjson; charset=utf-8', { 'x-request-id': traceId }),
    ).toMatchObject({
      status: 202,
      body: { accepted: 2 },
    });
    await eventually(async () => suite.log.byTrace(traceId).length > 0);
    expect(suite.log.byTrace(traceId)[0]?.envelope.events).toMatchObject([
      { message: 'first', level: 'warn' },
      { message: 'second', level: 'info', metadata: '{"n":2}' },
    ]);
  });

  it('refuses the body whole, naming the line (and the event’s index) of the first bad one', async () => {
    expect(await send('{"message":"ok"}\n\n{"message":"bad","level":"fatal"}')).toMatchObject({
      status: 400,
      body: {
        error: 'Bad Request',
        message: 'Invalid level (one of debug, info, warn, error)',
        index: 1,
        line: 3,
      },
    });
    expect((await send('{"message":"ok"}\nnot json')).body).toEqual({
      error: 'Bad Request',
      message: 'Invalid JSON on line 2',
      line: 2,
    });
  });

  it('keeps the JSON answers for any other Content-Type, and the same body limit', async () => {
    expect((await send('{"message":"a"}\n{"message":"b"}', 'application/json')).body).toEqual({
      error: 'Bad Request',
      message: 'Invalid JSON body',
    });
    const line = '{"message":"filler"}\n';
    const oversized = await send(line.repeat(Math.ceil((64 * 1024) / line.length) + 1));
    expect(oversized).toMatchObject({
      status: 413,
      body: { message: 'Body too large (at most 65536 bytes)' },
    });
  });
});
