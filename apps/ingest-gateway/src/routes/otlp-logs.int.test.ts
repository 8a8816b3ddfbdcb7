import { randomUUID } from 'node:crypto';
import { SeverityNumber } from '@opentelemetry/api';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { setProjectQuota } from '@quarry/control-plane';
import protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { logGatewaySuite, startLogGateway } from '../logs/log-test-gateway.ts';
import { createTenant, eventually } from '../testing.ts';

const PROTOBUF = 'application/x-protobuf';
const AT = new Date(Date.now() - 60_000);

/** Records as the official SDK builds them, to be encoded by its own serializers. */
async function sdkRecords(emit: (logger: ReturnType<LoggerProvider['getLogger']>) => void) {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'deployment.environment.name': 'production',
    }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  emit(provider.getLogger('orders', '1.2.3'));
  await provider.forceFlush();
  return memory.getFinishedLogRecords();
}

const encoders = {
  [PROTOBUF]: (records: ReadableLogRecord[]) => ProtobufLogsSerializer.serializeRequest(records),
  'application/json': (records: ReadableLogRecord[]) => JsonLogsSerializer.serializeRequest(records),
};
type Encoding = keyof typeof encoders;

const status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'));

describe('POST /otlp/v1/logs (OTLP/HTTP, JSON and protobuf)', () => {
  const suite = logGatewaySuite();

  const post = (
    body: Uint8Array | string | undefined,
    type: string,
    headers: Record<string, string> = {},
    via = suite.gateway,
    apiKey: string | null = suite.tenant.apiKey,
  ) =>
    fetch(`${via.url}/otlp/v1/logs`, {
      method: 'POST',
      headers: {
        'content-type': type,
        ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
        ...headers,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body ?? []),
    });
  const trace = () => `req_${randomUUID().slice(0, 12)}`;
  const queued = async (traceId: string) => {
    await eventually(async () => suite.log.byTrace(traceId).length > 0);
    return suite.log.byTrace(traceId).flatMap((message) => message.envelope.events);
  };

  it.each([PROTOBUF, 'application/json'] as Encoding[])(
    'maps the official SDK’s records (%s): severity, body, attributes, resource, scope and time',
    async (type) => {
      const records = await sdkRecords((logger) => {
        logger.emit({
          severityNumber: SeverityNumber.WARN,
          severityText: 'WARN',
          body: 'payment slow',
          attributes: { 'http.method': 'POST', 'order.id': 42, retried: true },
          timestamp: AT,
        });
        logger.emit({ severityNumber: SeverityNumber.FATAL, body: { code: 'E1', detail: 'db down' } });
        logger.emit({ severityNumber: SeverityNumber.TRACE2, body: 'tracing' });
        logger.emit({ severityText: 'error', body: 'text only' });
      });
      const requestId = trace();
      const response = await post(encoders[type](records), type, { 'x-request-id': requestId });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      // All taken: an empty ExportLogsServiceResponse in either encoding.
      expect(type === PROTOBUF ? (await response.arrayBuffer()).byteLength : await response.json()).toEqual(
        type === PROTOBUF ? 0 : {},
      );

      const events = await queued(requestId);
      expect(events.map((event) => [event.level, event.message])).toEqual([
        ['warn', 'payment slow'],
        ['error', '{"code":"E1","detail":"db down"}'],
        ['debug', 'tracing'],
        ['error', 'text only'],
      ]);
      const [first] = events;
      expect(first).toMatchObject({
        timestamp: AT.toISOString().replace('T', ' ').replace('Z', ''),
        env: 'production',
        source: 'checkout',
      });
      expect(JSON.parse(first?.metadata ?? '{}')).toEqual({
        attributes: { http: { method: 'POST' }, order: { id: 42 }, retried: true },
        resource: expect.objectContaining({
          service: { name: 'checkout' },
          deployment: { environment: { name: 'production' } },
        }),
        scope: { name: 'orders', version: '1.2.3' },
        severityText: 'WARN',
      });
    },
  );

  it.each([PROTOBUF, 'application/json'] as Encoding[])(
    'rejects only the records it cannot store, answering partial_success (%s)',
    async (type) => {
      const records = await sdkRecords((logger) => {
        logger.emit({ body: 'kept' });
        logger.emit({ body: 'too much', attributes: { blob: 'x'.repeat(40_000) } });
        logger.emit({ attributes: { only: 'attributes' } });
      });
      const requestId = trace();
      const response = await post(encoders[type](records), type, { 'x-request-id': requestId });
      expect(response.status).toBe(200);
      const answer =
        type === PROTOBUF
          ? ProtobufLogsSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()))
          : await response.json();
      expect(answer).toEqual({
        partialSuccess: {
          rejectedLogRecords: type === PROTOBUF ? 2 : '2',
          errorMessage:
            '2 log records rejected; the first, resourceLogs[0].scopeLogs[0].logRecords[1]: metadata too large (at most 32768 characters of JSON)',
        },
      });
      expect((await queued(requestId)).map((event) => event.message)).toEqual(['kept']);
    },
  );

  it('answers an empty request with an empty response and queues nothing', async () => {
    const response = await post('{}', 'application/json');
    expect([response.status, await response.json()]).toEqual([200, {}]);
  });

  it('refuses a protobuf request with a protobuf google.rpc.Status, keeping the status', async () => {
    const unauthenticated = await post(new Uint8Array([1, 2, 3]), PROTOBUF, {}, suite.gateway, null);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('content-type')).toBe(PROTOBUF);
    expect(status.toObject(status.decode(new Uint8Array(await unauthenticated.arrayBuffer())))).toMatchObject(
      {
        code: 16,
      },
    );
    const garbage = await post(new Uint8Array([0x0a, 0xff, 0xff, 0x01]), PROTOBUF);
    expect(garbage.status).toBe(400);
    expect(status.toObject(status.decode(new Uint8Array(await garbage.arrayBuffer())))).toEqual({
      code: 3,
      message: 'Invalid protobuf body: not an ExportLogsServiceRequest',
    });
    const oversized = await post(new Uint8Array(65 * 1024), PROTOBUF);
    expect(oversized.status).toBe(413);
    expect(status.decode(new Uint8Array(await oversized.arrayBuffer()))).toMatchObject({
      message: 'Body too large (at most 65536 bytes)',
    });
  });

  it.each([
    ['text/plain', 'x', 415, 'Unsupported Content-Type: send application/json or application/x-protobuf'],
    ['application/json', '{"resourceLogs":', 400, 'Invalid JSON body'],
    ['application/json', '{"resourceLogs":{}}', 400, 'resourceLogs must be an array of ResourceLogs'],
    [
      'application/json',
      JSON.stringify({
        resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: 1_001 }, () => ({})) }] }],
      }),
      413,
      'Too many log records (at most 1000)',
    ],
  ])('refuses %s %#: %i', async (type, body, code, message) => {
    const response = await post(body, type);
    expect([response.status, await response.json()]).toEqual([code, { error: expect.any(String), message }]);
  });

  it('shares Idempotency-Key with /v1/logs: a retried export gets the same bytes and is queued once', async () => {
    const records = await sdkRecords((logger) => logger.emit({ body: 'exactly once' }));
    const body = ProtobufLogsSerializer.serializeRequest(records);
    const headers = { 'idempotency-key': `otlp-${randomUUID()}` };
    const first = await post(body, PROTOBUF, { ...headers, 'x-request-id': trace() });
    const retry = await post(body, PROTOBUF, { ...headers, 'x-request-id': trace() });
    expect([first.status, retry.status, retry.headers.get('idempotent-replayed')]).toEqual([
      200,
      200,
      'true',
    ]);
    expect(retry.headers.get('content-type')).toBe(PROTOBUF);
    expect(Buffer.from(await retry.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()));
    const sameKeyOnLogs = await suite.gateway.logs([{ message: 'other' }], {
      apiKey: suite.tenant.apiKey,
      headers,
    });
    expect(sameKeyOnLogs.status).toBe(422);
    await eventually(async () =>
      suite.log.messages.some((m) => m.envelope.events[0]?.message === 'exactly once'),
    );
    expect(suite.log.messages.filter((m) => m.envelope.events[0]?.message === 'exactly once')).toHaveLength(
      1,
    );
  });

  it('charges the project’s monthly log quota like /v1/logs, refusing a crossing export whole', async () => {
    const limited = await createTenant(suite.backends.control);
    await setProjectQuota(suite.backends.control, { projectId: limited.projectId, limit: 3 });
    expect(
      (await suite.gateway.logs([{ message: 'a' }, { message: 'b' }], { apiKey: limited.apiKey })).status,
    ).toBe(202);
    const two = await sdkRecords((logger) => {
      logger.emit({ body: 'one' });
      logger.emit({ body: 'two' });
    });
    const refused = await post(
      encoders['application/json'](two),
      'application/json',
      {},
      suite.gateway,
      limited.apiKey,
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ message: 'Monthly log quota exceeded' });
    const one = encoders['application/json'](two.slice(0, 1));
    expect((await post(one, 'application/json', {}, suite.gateway, limited.apiKey)).status).toBe(200);
  });

  it('shares the key’s rate limit with /v1/logs: 429 with Retry-After once the burst is spent', async () => {
    const slow = await startLogGateway(suite.backends, {
      topics: suite.topics,
      logRateLimit: { ratePerSecond: 1, burst: 2 },
    });
    try {
      const other = await createTenant(suite.backends.control);
      expect((await slow.logs([{ message: 'a' }], { apiKey: other.apiKey })).status).toBe(202);
      expect((await post('{}', 'application/json', {}, slow, other.apiKey)).status).toBe(200);
      const refused = await post('{}', 'application/json', {}, slow, other.apiKey);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      await slow.stop();
    }
  });
});
