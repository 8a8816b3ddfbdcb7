import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createLogger, type LoggerOptions, MAX_MESSAGE_LENGTH, QuarryLogError } from '@quarry/sdk-logger';
import { tempDir } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bootstrap, type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { eventually, recordingFetch, SOURCE_CONDITION, storedLogs, uniqueName } from './helpers.ts';

describe('@quarry/sdk-logger against the running system (npm start)', () => {
  let quarry: EmbeddedProcess;
  let bootstrap: Bootstrap;
  let options: LoggerOptions;
  beforeAll(async () => {
    quarry = await startEmbedded(await tempDir('sdk-logger'));
    bootstrap = quarry.bootstrap;
    options = { ingestUrl: bootstrap.ingestUrl, apiKey: bootstrap.apiKey, flushOnExit: false };
  });
  afterAll(async () => {
    if (quarry?.child.exitCode === null) await quarry.stop();
  });

  const stored = (source: string) => storedLogs(bootstrap, source);

  it('sends events in batches of at most 100 with the env and source defaults, and they are stored', async () => {
    const source = uniqueName('checkout').replace(' ', '-');
    const wire = recordingFetch();
    const logger = createLogger({
      ...options,
      env: 'staging',
      source,
      fetch: wire.fetch,
      flushIntervalMs: 60_000,
    });
    const levels = ['debug', 'info', 'warn', 'error'] as const;
    for (let i = 0; i < 250; i++) logger[levels[i % 4] ?? 'info'](`order ${i} paid`, { orderId: i });
    await logger.flush();

    expect(wire.exchanges.map((exchange) => [exchange.path, exchange.status])).toEqual([
      ['/v1/logs', 202],
      ['/v1/logs', 202],
      ['/v1/logs', 202],
    ]);
    expect(wire.exchanges.map((exchange) => JSON.parse(exchange.body).events.length)).toEqual([100, 100, 50]);
    const events = await eventually(
      () => stored(source),
      (found) => found.length === 250,
    );
    const first = events.find((event) => event.message === 'order 0 paid');
    expect(first).toMatchObject({ level: 'debug', env: 'staging', source, metadata: { orderId: 0 } });
    expect(events.filter((event) => event.level === 'error')).toHaveLength(62);
  });

  it('stores errors in metadata with name, message, stack, code and cause', async () => {
    const source = uniqueName('billing').replace(' ', '-');
    const logger = createLogger({ ...options, source });
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const failure = new Error('could not charge the card', { cause });
    logger.error('charge failed', { err: failure, attempt: 2 });
    logger.warn('retrying', failure);
    await logger.flush();

    const events = await eventually(
      () => stored(source),
      (found) => found.length === 2,
    );
    const charged = events.find((event) => event.message === 'charge failed');
    expect(charged?.metadata).toEqual({
      attempt: 2,
      err: {
        name: 'Error',
        message: 'could not charge the card',
        stack: failure.stack,
        cause: { name: 'Error', message: cause.message, stack: cause.stack, code: 'ECONNREFUSED' },
      },
    });
    expect(events.find((event) => event.message === 'retrying')?.metadata).toMatchObject({
      error: { name: 'Error', message: 'could not charge the card' },
    });
  });

  it('sends on its flush interval without being asked', async () => {
    const source = uniqueName('interval').replace(' ', '-');
    const wire = recordingFetch();
    const logger = createLogger({ ...options, source, fetch: wire.fetch, flushIntervalMs: 200 });
    logger.info('one lonely event');
    expect(wire.exchanges).toHaveLength(0);
    await eventually(
      async () => wire.exchanges.map((exchange) => exchange.status),
      (s) => s[0] === 202,
      5_000,
    );
    await eventually(
      () => stored(source),
      (found) => found.length === 1,
    );
  });

  it('flushes buffered events when the process exits on its own', async () => {
    const source = uniqueName('exit').replace(' ', '-');
    const child = spawn(
      process.execPath,
      [SOURCE_CONDITION, join(import.meta.dirname, 'fixtures', 'logger-exit.ts')],
      {
        env: { ...process.env, LOGGER_OPTIONS: JSON.stringify({ ...options, source, flushOnExit: true }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: '' });
    await eventually(
      () => stored(source),
      (found) => found.length === 42,
    );
  });

  it('says on stderr how many events process.exit() left unsent, since no request can go then', async () => {
    const child = spawn(
      process.execPath,
      [SOURCE_CONDITION, join(import.meta.dirname, 'fixtures', 'logger-exit.ts')],
      {
        env: {
          ...process.env,
          EXIT_AT_ONCE: '1',
          LOGGER_OPTIONS: JSON.stringify({ ...options, flushOnExit: true }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({
      code: 0,
      output:
        'quarry: 42 events were not sent: the process exited first (await close() before process.exit())\n',
    });
  });

  it('truncates a message over the limit, drops an event the gateway refuses, and stores the rest of its batch', async () => {
    const source = uniqueName('oversize').replace(' ', '-');
    const errors: QuarryLogError[] = [];
    const wire = recordingFetch();
    const logger = createLogger({
      ...options,
      source,
      fetch: wire.fetch,
      onError: (error) => errors.push(error),
    });
    logger.info('before');
    logger.info('x'.repeat(40_000));
    logger.info('too much metadata', { pad: 'y'.repeat(40_000) });
    logger.info('after');
    const refused = await logger.flush().catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(QuarryLogError);
    expect(refused).toMatchObject({
      status: 400,
      events: 1,
      message: expect.stringMatching(/metadata too large/),
    });
    expect(errors).toEqual([refused]);
    expect(logger.dropped).toBe(1);
    expect(
      wire.exchanges.map((exchange) => [exchange.status, JSON.parse(exchange.body).events.length]),
    ).toEqual([
      [400, 4],
      [202, 3],
    ]);
    const events = await eventually(
      () => stored(source),
      (found) => found.length === 3,
    );
    expect(events.map((event) => event.message.slice(0, 6)).sort()).toEqual(['after', 'before', 'xxxxxx']);
    expect(events.find((event) => event.message.startsWith('x'))?.message).toBe(
      `${'x'.repeat(MAX_MESSAGE_LENGTH - 13)}… [truncated]`,
    );
  });

  it('refuses a batch size over the gateway limit of 100', () => {
    expect(() => createLogger({ ...options, batchSize: 101 })).toThrow(
      'batchSize must be an integer from 1 to 100',
    );
  });
});
