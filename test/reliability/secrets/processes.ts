import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { captureOutput } from '../../src/service-output.ts';
import { killWhenDone } from '../../src/service-process.ts';

const APPS = resolve(import.meta.dirname, '../../../apps');
export const entry = (app: string, file = 'server.ts') => resolve(APPS, app, 'src', file);

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** A process run to its end: its exit code and everything it printed. */
export interface Finished {
  code: number | null;
  output: string;
}

/**
 * Runs `node <script> …args` with only `env` (and PATH) to its end, killed after `timeoutMs`;
 * captured for the run's scan too.
 */
export function runToEnd(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killWhenDone(child);
  captureOutput(child, name);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return collect(child).finally(() => clearTimeout(timer));
}

/** Resolves once the process exited and its output streams closed, with all it printed. */
export function collect(child: ChildProcess): Promise<Finished> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

/**
 * A Redis of the scenario's own that requires a password, so services get a REDIS_URL with one;
 * `restart` brings it back with another password, which the services then fail to authenticate with.
 */
export async function startRedis(password: string) {
  const port = await freePort();
  const start = (requirepass: string) => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--requirepass',
        requirepass,
      ],
      { stdio: 'ignore' },
    );
    // Not killWhenDone: it would stop with the test that restarted it, and the scenario goes on.
    process.once('exit', () => child.kill('SIGKILL'));
    return child;
  };
  let server = start(password);
  await listening(port);
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const closed = new Promise((done) => server.once('close', done));
    server.kill('SIGKILL');
    await closed;
  };
  return {
    url: `redis://:${password}@127.0.0.1:${port}/0`,
    stop,
    async restart(newPassword: string) {
      await stop();
      server = start(newPassword);
      await listening(port);
    },
  };
}

function listening(port: number): Promise<void> {
  const accepts = () =>
    new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        done(true);
      });
      socket.once('error', () => done(false));
    });
  return eventually(accepts, 10_000, `redis-server on port ${port}`);
}

/** Polls until `probe` is true, for at most `timeoutMs`. */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
