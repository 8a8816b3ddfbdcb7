import { once } from 'node:events';
import { tempDir } from '@quarry/testkit';
import { QuarryTransport } from '@quarry/winston-quarry';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import { eventually, uniqueName } from '../sdk/helpers.ts';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { searchLogs } from './search.ts';

describe('pino and winston transports against the running system (npm start)', () => {
  let quarry: EmbeddedProcess;
  beforeAll(async () => {
    quarry = await startEmbedded(await tempDir('log-transports'));
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
    const transport = pino.transport({ target: '@quarry/pino-quarry', options: sdkOptions(source) });
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
    expect(paid?.timestamp <= before).toBe(true);
    expect(paid?.metadata).not.toHaveProperty('timestamp');
    expect(events.find((event) => event.level === 'error')?.metadata).toMatchObject({
      stack: expect.stringContaining('card declined'),
    });
  });
});
