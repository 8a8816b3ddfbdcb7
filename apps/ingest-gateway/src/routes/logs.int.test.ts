import { randomUUID } from 'node:crypto';
import { changeIngestKey, listIngestKeys } from '@quarry/control-plane';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectLogMessages,
  type LogTestGateway,
  startLogGateway,
  testTopics,
} from '../logs/log-test-gateway.ts';
import {
  createTenant,
  eventually,
  openTestBackends,
  signArbitraryClaims,
  type Tenant,
  type TestBackends,
} from '../testing.ts';

const topics = testTopics();
const BAD_LEVEL = 'Invalid level (one of debug, info, warn, error)';

describe('POST /v1/logs and /v1/ingest (contract §3)', () => {
  let backends: TestBackends;
  let gateway: LogTestGateway;
  let tenant: Tenant;
  let log: Awaited<ReturnType<typeof collectLogMessages>>;
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startLogGateway(backends, { topics });
    tenant = await createTenant(backends.control);
    log = await collectLogMessages(gateway.bus, topics);
  });
  afterAll(async () => {
    await log?.stop();
    await gateway?.stop();
    await backends?.close();
  });

  const trace = () => `req_${randomUUID().slice(0, 12)}`;
  /** Trace ids of answers other than 202: checked at the end, behind a sentinel in the same partition. */
  const refusedTraces: string[] = [];
  const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    gateway.post(path, body, { apiKey: tenant.apiKey, headers });

  it('answers 202 {"accepted": N} and queues the events, normalized, under project:<id>', async () => {
    const [batchTrace, singleTrace] = [trace(), trace()];
    const before = Date.now();
    const batch = await send(
      '/v1/logs',
      {
        events: [
          {
            message: 'order paid',
            level: 'warn',
            timestamp: '2026-06-10T12:00:00.5+02:00',
            metadata: { order: { id: 7 }, tags: ['a'] },
            env: 'production',
            source: 'billing',
          },
          { message: 'defaults' },
        ],
      },
      { 'X-Request-Id': batchTrace },
    );
    expect(batch).toMatchObject({ status: 202, body: { accepted: 2 } });
    const single = await send(
      '/v1/ingest',
      { message: 'one', level: 'error' },
      { 'X-Request-Id': singleTrace },
    );
    expect(single).toMatchObject({ status: 202, body: { accepted: 1 } });

    await eventually(async () => log.byTrace(batchTrace).length > 0 && log.byTrace(singleTrace).length > 0);
    const [batchMessage] = log.byTrace(batchTrace);
    expect(batchMessage?.key).toBe(`project:${tenant.projectId}`);
    expect(batchMessage?.envelope).toMatchObject({ v: 1, kind: 'logs', projectId: tenant.projectId });
    const [paid, defaults] = batchMessage?.envelope.events ?? [];
    expect(paid).toEqual({
      message: 'order paid',
      level: 'warn',
      timestamp: '2026-06-10 10:00:00.500',
      metadata: '{"order":{"id":7},"tags":["a"]}',
      env: 'production',
      source: 'billing',
    });
    expect(defaults).toMatchObject({
      message: 'defaults',
      level: 'info',
      metadata: '{}',
      env: '',
      source: '',
    });
    // Server time when absent, in the same DateTime64 text.
    const stamped = Date.parse(`${defaults?.timestamp.replace(' ', 'T')}Z`);
    expect(stamped).toBeGreaterThanOrEqual(before - 1);
    expect(stamped).toBeLessThanOrEqual(Date.now());
    expect(log.byTrace(singleTrace)[0]?.envelope.events).toEqual([
      expect.objectContaining({ message: 'one', level: 'error' }),
    ]);
  });

  it.each([
    ['invalid JSON', '/v1/logs', '{"events": [', 'Invalid JSON body', undefined],
    [
      'missing events',
      '/v1/logs',
      { logs: [] },
      'Missing events: the body must be {"events": [...]}',
      undefined,
    ],
    ['events not an array', '/v1/logs', { events: {} }, 'events must be an array', undefined],
    ['empty events', '/v1/logs', { events: [] }, 'events must not be empty', undefined],
    [
      'more than 100 events',
      '/v1/logs',
      { events: Array.from({ length: 101 }, () => ({ message: 'm' })) },
      'Too many events (at most 100)',
      undefined,
    ],
    [
      'a missing message',
      '/v1/logs',
      { events: [{ message: 'ok' }, { level: 'info' }] },
      'Missing message',
      1,
    ],
    ['a bad level', '/v1/logs', { events: [{ message: 'm', level: 'fatal' }] }, BAD_LEVEL, 0],
    [
      'a bad timestamp',
      '/v1/logs',
      { events: [{ message: 'm', timestamp: '10/06/2026' }] },
      'Invalid timestamp (ISO 8601, e.g. 2026-06-10T10:00:00Z)',
      0,
    ],
    [
      'array metadata',
      '/v1/logs',
      { events: [{ message: 'm', metadata: [] }] },
      'metadata must be a JSON object',
      0,
    ],
    [
      'an unknown field',
      '/v1/logs',
      { events: [{ message: 'm', severity: 'high' }] },
      'Unknown field: severity',
      0,
    ],
    ['invalid JSON (single)', '/v1/ingest', 'nope', 'Invalid JSON body', undefined],
    ['an array (single)', '/v1/ingest', [{ message: 'm' }], 'Event must be an object', undefined],
    ['a missing message (single)', '/v1/ingest', { level: 'info' }, 'Missing message', undefined],
    ['a bad level (single)', '/v1/ingest', { message: 'm', level: 'WARN' }, BAD_LEVEL, undefined],
  ])(
    'answers 400 for %s, in the one error shape, and queues nothing',
    async (_, path, body, message, index) => {
      const requestId = trace();
      const answer = await send(path, body, { 'X-Request-Id': requestId });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: 'Bad Request',
        message,
        ...(index === undefined ? {} : { index }),
      });
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      refusedTraces.push(requestId);
    },
  );

  it('answers 401 without a key, with a key that is not ours, or one without a project claim', async () => {
    const unauthorized = (message: string) => ({ status: 401, body: { error: 'Unauthorized', message } });
    const event = { events: [{ message: 'm' }] };
    expect(await gateway.post('/v1/logs', event)).toMatchObject(unauthorized('Missing API key'));
    expect(await gateway.post('/v1/ingest', { message: 'm' }, { apiKey: 'qk_nope.nope.nope' })).toMatchObject(
      unauthorized('Invalid API key'),
    );
    const noProject = await signArbitraryClaims(backends.control, { userId: '1', keyId: 'k' });
    // A signing key added a moment ago is trusted once the gateway's public-key refresh has seen it.
    await eventually(
      async () =>
        (await gateway.post('/v1/logs', event, { apiKey: noProject })).body.message !== 'Invalid API key',
    );
    expect(await gateway.post('/v1/logs', event, { apiKey: noProject })).toMatchObject(
      unauthorized('Project not found in API token claims'),
    );
  });

  it('checks the key before the body: a bad body without a key is a 401', async () => {
    expect((await gateway.post('/v1/logs', '{"events": [')).status).toBe(401);
  });

  it('answers 403 once the key is disabled or revoked, within seconds', async () => {
    const other = await createTenant(backends.control);
    const post = () => gateway.post('/v1/ingest', { message: 'm' }, { apiKey: other.apiKey });
    expect((await post()).status).toBe(202);
    await changeIngestKey(other.ctx, other.slug, { id: other.keyId, action: 'disable' });
    await eventually(async () => (await post()).status === 403);
    expect((await post()).body).toEqual({ error: 'Forbidden', message: 'API key revoked or disabled' });
    await changeIngestKey(other.ctx, other.slug, { id: other.keyId, action: 'enable' });
    await eventually(async () => (await post()).status === 202);
    await changeIngestKey(other.ctx, other.slug, { id: other.keyId, action: 'revoke' });
    await eventually(async () => (await post()).status === 403);
  });

  it("records when a key was last accepted, which the control plane's key listing shows", async () => {
    const other = await createTenant(backends.control);
    const lastUsed = async () => (await listIngestKeys(other.ctx, other.slug))[0]?.lastUsedAt ?? null;
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    expect((await gateway.post('/v1/ingest', { message: 'm' }, { apiKey: other.apiKey })).status).toBe(202);
    await eventually(async () => (await lastUsed()) !== null);
    expect(Date.parse((await lastUsed()) ?? '')).toBeGreaterThanOrEqual(before);
  });

  it('answers 413 for a body over the limit, before reading the key', async () => {
    const huge = { events: [{ message: 'x'.repeat(70 * 1024) }] };
    for (const apiKey of [tenant.apiKey, undefined]) {
      const answer = await gateway.post('/v1/logs', huge, apiKey ? { apiKey } : {});
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        error: 'Payload Too Large',
        message: 'Body too large (at most 65536 bytes)',
      });
    }
  });

  it('queued nothing for any refused request', async () => {
    // One project's messages share a partition: once the sentinel is read, anything before it was too.
    const sentinel = trace();
    expect((await send('/v1/ingest', { message: 'sentinel' }, { 'X-Request-Id': sentinel })).status).toBe(
      202,
    );
    await eventually(async () => log.byTrace(sentinel).length === 1);
    expect(refusedTraces.length).toBeGreaterThan(10);
    expect(refusedTraces.flatMap((traceId) => log.byTrace(traceId))).toEqual([]);
  });
});
