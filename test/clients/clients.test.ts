import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { DiagLogLevel, diag, SeverityNumber } from '@opentelemetry/api';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { tempDir } from '@quarry/testkit';
import { QuarryTransport } from '@quarry/winston-quarry';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import { eventually, SOURCE_CONDITION, searchLogs, uniqueName } from '../sdk/helpers.ts';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';

describe('the clients people already run, against the running system (npm start)', () => {
  let quarry: EmbeddedProcess;
  beforeAll(async () => {
    quarry = await startEmbedded(await tempDir('log-clients'));
  });
  afterAll(async () => {
    if (quarry?.child.exitCode === null) await quarry.stop();
  });

  const stored = (source: string, count: number) =>
    eventually(
      () => searchLogs(quarry.bootstrap, { source }),
      (events) => events.length >= count,
    );
  const sdkOptions = (source: string) => ({
    ingestUrl: quarry.bootstrap.ingestUrl,
    apiKey: quarry.bootstrap.apiKey,
    env: 'staging',
    source,
    // Nothing is sent before the close: the events found prove the close flushed them.
    flushIntervalMs: 600_000,
  });

  it('pino: levels, bound fields, errors and pino’s own time are stored, flushed when pino closes', async () => {
    const source = uniqueName('pino').replace(' ', '-');
    const time = Date.now() - 60_000;
    const transport = pino.transport({
      target: '@quarry/pino-quarry',
      options: sdkOptions(source),
      // pino's worker is plain Node: resolve the workspace SDK to its sources, as vitest does.
      worker: { execArgv: [...process.execArgv, SOURCE_CONDITION] },
    });
    const logger = pino({ level: 'trace', timestamp: () => `,"time":${time}` }, transport);
    const child = logger.child({ requestId: 'req-7' });
    child.trace('tracing');
    child.debug('debugging');
    child.info({ orderId: 42 }, 'order paid');
    child.warn('slow');
    child.error(new Error('card declined'), 'charge failed');
    child.fatal('down');
    child.error(new Error('only an error'));
    transport.end();
    await once(transport, 'close');

    const events = await stored(source, 7);
    const byMessage = new Map(events.map((event) => [event.message, event]));
    expect(events.map((event) => [event.message, event.level]).sort()).toEqual(
      [
        ['tracing', 'debug'],
        ['debugging', 'debug'],
        ['order paid', 'info'],
        ['slow', 'warn'],
        ['charge failed', 'error'],
        ['down', 'error'],
        ['only an error', 'error'],
      ].sort(),
    );
    expect(byMessage.get('order paid')).toMatchObject({
      env: 'staging',
      source,
      timestamp: new Date(time).toISOString(),
      metadata: { requestId: 'req-7', orderId: 42, pid: process.pid },
    });
    expect(byMessage.get('charge failed')?.metadata).toMatchObject({
      requestId: 'req-7',
      err: { type: 'Error', message: 'card declined', stack: expect.stringContaining('card declined') },
    });
  });

  it('pino: a process that ends on its own still sends what the transport buffered', async () => {
    const source = uniqueName('pino-exit').replace(' ', '-');
    const child = spawn(
      process.execPath,
      [SOURCE_CONDITION, join(import.meta.dirname, 'fixtures', 'pino-exit.ts')],
      {
        env: { ...process.env, QUARRY: JSON.stringify(sdkOptions(source)) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect({ code, errors }).toEqual({ code: 0, errors: '' });
    expect(await stored(source, 25)).toHaveLength(25);
  });

  it('winston: levels, default and child metadata, errors and the timestamp format, flushed on end', async () => {
    const source = uniqueName('winston').replace(' ', '-');
    const transport = new QuarryTransport(sdkOptions(source));
    const logger = winston.createLogger({
      level: 'silly',
      format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true })),
      defaultMeta: { service: 'billing' },
      transports: [transport],
    });
    const child = logger.child({ requestId: 'req-9' });
    child.silly('silly');
    child.verbose('verbose');
    child.http('GET /orders');
    child.info('order paid', { orderId: 42 });
    child.warn('slow');
    child.error(new Error('card declined'));
    const before = new Date().toISOString();
    logger.end();
    await once(transport, 'finish');

    const events = await stored(source, 6);
    expect(events.map((event) => [event.message, event.level]).sort()).toEqual(
      [
        ['silly', 'debug'],
        ['verbose', 'debug'],
        ['GET /orders', 'info'],
        ['order paid', 'info'],
        ['slow', 'warn'],
        ['card declined', 'error'],
      ].sort(),
    );
    const paid = events.find((event) => event.message === 'order paid');
    expect(paid).toMatchObject({
      env: 'staging',
      source,
      metadata: { service: 'billing', requestId: 'req-9', orderId: 42 },
    });
    expect((paid?.timestamp ?? '') <= before).toBe(true);
    expect(paid?.metadata).not.toHaveProperty('timestamp');
    expect(events.find((event) => event.level === 'error')?.metadata).toMatchObject({
      stack: expect.stringContaining('card declined'),
    });
  });

  it.each([
    ['JSON', JsonExporter, CompressionAlgorithm.NONE],
    ['gzipped protobuf', ProtobufExporter, CompressionAlgorithm.GZIP],
  ])(
    'OpenTelemetry: the official SDK’s OTLP/HTTP %s exporter, flushed on shutdown, searchable by attribute',
    async (_, Exporter, compression) => {
      const source = uniqueName('otel').replace(' ', '-');
      const complaints: string[] = [];
      diag.setLogger(
        {
          ...silentDiag,
          error: (message) => complaints.push(message),
          warn: (message) => complaints.push(message),
        },
        DiagLogLevel.WARN,
      );
      const exporter = new Exporter({
        url: `${quarry.bootstrap.ingestUrl}/otlp/v1/logs`,
        headers: { authorization: `Bearer ${quarry.bootstrap.apiKey}` },
        compression,
      });
      const provider = new LoggerProvider({
        resource: resourceFromAttributes({
          'service.name': source,
          'deployment.environment.name': 'staging',
        }),
        processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 600_000 })],
      });
      const logger = provider.getLogger('checkout', '1.2.3');
      const time = new Date(Date.now() - 60_000);
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        body: 'order paid',
        attributes: { 'order.id': 42, 'http.method': 'POST' },
        timestamp: time,
      });
      logger.emit({ severityNumber: SeverityNumber.WARN2, body: 'slow' });
      logger.emit({ severityNumber: SeverityNumber.ERROR, body: 'charge failed' });
      logger.emit({ severityNumber: SeverityNumber.DEBUG, body: 'debugging' });
      await provider.shutdown();
      diag.disable();
      expect(complaints).toEqual([]);

      const events = await stored(source, 4);
      expect(events.map((event) => [event.message, event.level]).sort()).toEqual(
        [
          ['order paid', 'info'],
          ['slow', 'warn'],
          ['charge failed', 'error'],
          ['debugging', 'debug'],
        ].sort(),
      );
      const found = await searchLogs(quarry.bootstrap, {
        source,
        metadata: [{ path: 'attributes.order.id', value: 42 }],
      });
      expect(found).toEqual([
        expect.objectContaining({
          message: 'order paid',
          env: 'staging',
          timestamp: time.toISOString(),
          metadata: expect.objectContaining({
            attributes: { order: { id: 42 }, http: { method: 'POST' } },
            scope: { name: 'checkout', version: '1.2.3' },
          }),
        }),
      ]);
    },
  );

  it('NDJSON: one event per line on /v1/logs (as Vector and Fluent Bit send), a bad line refused by number', async () => {
    const source = uniqueName('ndjson').replace(' ', '-');
    const send = (body: string) =>
      fetch(`${quarry.bootstrap.ingestUrl}/v1/logs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${quarry.bootstrap.apiKey}`,
          'content-type': 'application/x-ndjson',
        },
        body,
      });
    const lines = [
      { message: 'GET /orders 200', level: 'info', source, metadata: { status: 200 } },
      { message: 'GET /orders 500', level: 'error', source, timestamp: '2026-12-05T06:00:00.250Z' },
      { message: 'third', source },
    ].map((event) => JSON.stringify(event));
    const accepted = await send(`${lines[0]}\n\n${lines[1]}\r\n${lines[2]}\n`);
    expect([accepted.status, await accepted.json()]).toEqual([202, { accepted: 3 }]);
    const events = await stored(source, 3);
    expect(events.find((event) => event.level === 'error')?.timestamp).toBe('2026-12-05T06:00:00.250Z');

    const refused = await send(`${lines[0]}\n{"message": "cut`);
    expect([refused.status, await refused.json()]).toEqual([
      400,
      { error: 'Bad Request', message: 'Invalid JSON on line 2', line: 2 },
    ]);
  });
});

const silentDiag = { verbose: () => undefined, debug: () => undefined, info: () => undefined };
