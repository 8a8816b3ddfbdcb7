import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { fatalHandler } from './fatal.ts';
import { BufferedLines, createLogger, lazyChild } from './logger.ts';
import { scrubText } from './scrub.ts';

/** A logger whose JSON lines land in `lines`. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'debug',
    destination: { write: (line: string) => lines.push(line) },
  });
  return { logger, text: () => lines.join('') };
}

/** What ioredis rejects with when the server refuses the password of the connection's HELLO. */
function redisAuthFailure(password: string): Error {
  const error = new Error('WRONGPASS invalid username-password pair or user is disabled.');
  return Object.assign(error, { command: { name: 'hello', args: ['3', 'AUTH', 'default', password] } });
}

describe('logger', () => {
  it('makes a lazy child only once something logs through it, with its bindings and the redaction', () => {
    const { logger, text } = capture();
    const child = vi.spyOn(logger, 'child');
    const log = lazyChild(logger, { requestId: 'req_1' });
    expect(child).not.toHaveBeenCalled();
    log.warn({ token: 'qk_secret' }, 'first');
    log.info('second');
    expect(child).toHaveBeenCalledTimes(1);
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { requestId: 'req_1', token: '[redacted]', msg: 'first' },
      { requestId: 'req_1', msg: 'second' },
    ]);
    expect(log.isLevelEnabled('debug')).toBe(true);
  });

  it('logs a Redis AUTH failure without the password the command carried', () => {
    const { logger, text } = capture();
    logger.warn({ err: redisAuthFailure('redis-pw-1') }, 'redis');
    expect(text()).toContain('WRONGPASS');
    expect(text()).toContain('"name":"hello"');
    expect(text()).not.toContain('redis-pw-1');
  });

  it('scrubs a URL password and query in an error message, its cause and an `error` string', () => {
    const { logger, text } = capture();
    const refused = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: http://hook:hook-pw-2@h.example/x?token=tok-3',
    );
    logger.warn({ err: new Error('delivery failed', { cause: refused }) }, 'webhook');
    logger.warn({ error: 'connect to postgres://u:db-pw-4@db.example/logs failed' }, 'postgres');
    expect(text()).toContain('http://hook:[redacted]@h.example/x?[redacted]');
    for (const secret of ['hook-pw-2', 'tok-3', 'db-pw-4']) expect(text()).not.toContain(secret);
  });

  it('redacts secret-named fields at the top, one level down and inside errors', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('boom'), { config: { password: 'pw-5', host: 'db' } });
    logger.info({ password: 'pw-6', user: { token: 'tok-7' }, headers: { authorization: 'Bearer x-8' } });
    logger.error({ err: error }, 'failed');
    for (const secret of ['pw-5', 'pw-6', 'tok-7', 'x-8']) expect(text()).not.toContain(secret);
    expect(text()).toContain('"host":"db"');
  });

  it('keeps dates, numbers and the stack of an error', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('late'), { at: new Date(0), attempt: 3 });
    logger.error({ err: error }, 'failed');
    const line = JSON.parse(text()) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'late',
      at: '1970-01-01T00:00:00.000Z',
      attempt: 3,
    });
    expect(line.err.stack).toContain('logger.test.ts');
  });

  it('logs an uncaught error as one fatal line without its secrets, then exits with 1', () => {
    const { logger, text } = capture();
    const exits: number[] = [];
    fatalHandler(logger, (code) => exits.push(code))(redisAuthFailure('redis-pw-9'), 'unhandledRejection');
    expect(exits).toEqual([1]);
    expect(JSON.parse(text())).toMatchObject({ level: 60, origin: 'unhandledRejection' });
    expect(text()).not.toContain('redis-pw-9');
  });
});

describe('scrubText', () => {
  it('leaves URLs without credentials or query, and a user without a password, as they are', () => {
    const text = 'listening on http://127.0.0.1:8080/api; db postgres://postgres@127.0.0.1:5432/quarry';
    expect(scrubText(text)).toBe(text);
  });
});

/**
 * A child's code that keeps libuv's one pool thread busy for a few hundred milliseconds: an
 * asynchronous write started after it waits in the queue, so only a line written synchronously can
 * reach the output before the child is killed. Without it the pool usually won the race, and a lost
 * line failed one CI run in many. (At `process.exit` libuv runs the queue out before it stops, so
 * an exit test would not tell the two apart.)
 */
const OCCUPY_THREAD_POOL = `(await import('node:crypto')).pbkdf2('p', 's', 2_000_000, 32, 'sha256', () => {});`;

/**
 * A child's module that logs `count` lines of about 1 KiB through the shared standard output, with
 * the event loop let through every 100 lines so that sonic-boom's writes come back, then runs
 * `after` (with `log` in scope).
 */
function logLinesScript(count: number, after: string, before = ''): string {
  const logger = new URL('./logger.ts', import.meta.url).pathname;
  return `${before}
    import { createLogger } from '${logger}';
    const log = createLogger({ service: 'test' });
    const text = 'x'.repeat(1_000);
    for (let i = 0; i < ${count}; i++) {
      log.info({ i, text }, 'line');
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    ${after}`;
}

describe('buffered standard output', () => {
  it('writes a lone line within the flush interval, without waiting for the buffer to fill', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'quarry-logger-')), 'out.log');
    const destination = new BufferedLines(openSync(file, 'w'));
    try {
      createLogger({ service: 'test', destination }).info('lone line');
      const until = Date.now() + 2_000;
      while (!readFileSync(file, 'utf8').includes('lone line') && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(readFileSync(file, 'utf8')).toContain('"msg":"lone line"');
    } finally {
      // The destination closes its descriptor and stops its flush timer: a timer left running on a
      // descriptor closed behind its back wrote to it later (EBADF, or another file's descriptor).
      await destination.end();
    }
  });

  it('keeps every line, in order, across the blocks it joins, multi-byte text included', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'quarry-logger-')), 'out.log');
    const destination = new BufferedLines(openSync(file, 'w'));
    const first = createLogger({ service: 'first', destination });
    const second = createLogger({ service: 'second', destination });
    // About 60 lines to a 12 KiB block, of varying length: the blocks end mid-run many times over.
    for (let i = 0; i < 3_000; i++) {
      (i % 3 === 0 ? second : first).info({ i, text: 'café ☃ '.repeat(i % 40) }, 'line');
    }
    await destination.end();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
    expect(lines[41]).toMatchObject({ service: 'first', text: 'café ☃ '.repeat(1) });
  });

  it('has written what it held when a fatal line returns, before the process is killed outright', async () => {
    const logger = new URL('./logger.ts', import.meta.url).pathname;
    const script = `import { createLogger } from '${logger}';
      ${OCCUPY_THREAD_POOL}
      const log = createLogger({ service: 'test' });
      log.info('held');
      log.fatal('dying');
      process.kill(process.pid, 'SIGKILL');`;
    const oneThread = { env: { ...process.env, UV_THREADPOOL_SIZE: '1' } };
    const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], oneThread);
    const failed = await run.then(
      () => undefined,
      (error: { signal: string; stdout: string }) => error,
    );
    expect(failed?.signal).toBe('SIGKILL');
    expect(
      failed?.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['held', 'dying']);
  });

  it('writes the lines still buffered when the process exits at once, in order across loggers', async () => {
    const logger = new URL('./logger.ts', import.meta.url).pathname;
    const script = `import { createLogger } from '${logger}';
      const log = createLogger({ service: 'test' });
      const other = createLogger({ service: 'other' });
      for (let i = 0; i < 3; i++) (i === 1 ? other : log).info('line ' + i);
      process.exit(3);`;
    const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const failed = await run.then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(3);
    expect(
      failed?.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('keeps the process running and lets it exit when its output fails (a full disk)', async () => {
    // sonic-boom 4 without a listener threw the first failed write out of the event loop; at exit
    // its flushSync then retried the write every 100 ms, for ever.
    const script = logLinesScript(
      4_000,
      `process.stderr.write('still running\\n');
      log.fatal('dying');
      process.exit(2);`,
    );
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', full, 'pipe'],
        // The old code hung here: the child is killed (SIGTERM) and the test fails on its signal.
        timeout: 10_000,
      });
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      const [code, signal] = await once(child, 'exit');
      expect({ code, signal, stderr }).toEqual({ code: 2, signal: null, stderr: 'still running\n' });
    } finally {
      closeSync(full);
    }
  }, 15_000);

  it('gives up on a full non-blocking pipe after a second, so a fatal line cannot hang the process', async () => {
    // Opening stdout as a libuv pipe makes it non-blocking: a full pipe answers EAGAIN, which
    // sonic-boom retries every 100 ms, in a synchronous write for ever unless told to stop.
    const script = logLinesScript(
      2_000,
      `log.fatal('dying');
      process.exit(2);`,
      `import { Socket } from 'node:net';
      new Socket({ fd: 1, readable: false }).unref();`,
    );
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 10_000,
    });
    // Never read: the pipe stays full.
    child.stdout?.pause();
    const [code, signal] = await once(child, 'exit');
    expect({ code, signal }).toEqual({ code: 2, signal: null });
  }, 15_000);

  it('holds a bounded amount for an output no one reads, and counts every line it drops', async () => {
    // 40 MiB of lines while the parent does not read. sonic-boom 4 without a bound held them all:
    // 51 MiB of heap after a collection (148 MiB more RSS), against 17 MiB with the bound. The child
    // reports its heap and the dropped-lines metric, then logs one more line and waits to be read.
    const script = logLinesScript(
      40_000,
      `log.flush();
      globalThis.gc();
      const { createMetrics } = await import('${new URL('./metrics.ts', import.meta.url).pathname}');
      const metric = await createMetrics('test').registry.getSingleMetric('quarry_log_lines_dropped_total').get();
      const report = { heapMiB: process.memoryUsage().heapUsed / 2 ** 20, dropped: metric.values[0].value };
      process.stderr.write(JSON.stringify(report) + '\\n');
      log.info('last');`,
    );
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    // Not read until the child has logged everything: the pipe fills and stays full.
    child.stdout.pause();
    const report = JSON.parse(String((await once(child.stderr, 'data'))[0]));
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stdout.resume();
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(report.heapMiB).toBeLessThan(32);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const kept = lines.filter((line) => line.msg === 'line').map((line) => line.i);
    const notices = lines.filter((line) => line.droppedLines !== undefined);
    const dropped = notices.reduce((sum, notice) => sum + notice.droppedLines, 0);
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((notice) => notice.level === 40)).toBe(true);
    // Every line is written or counted (a notice owed at exit included), in order.
    const last = lines.filter((line) => line.msg === 'last').length;
    expect(kept.length + last + dropped).toBe(40_001);
    // The metric counted the same lines by the report: `log.flush()` handed over the lines still
    // held, so all but `last` were queued or dropped by then.
    expect(report.dropped).toBe(40_000 - kept.length);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  }, 60_000);
});
