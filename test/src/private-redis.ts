import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { tempDir } from '@quarry/testkit';
import { freePort } from '../../apps/ingest-gateway/src/testing.ts';
import { killWhenDone } from './service-process.ts';

export interface PrivateRedis {
  url: string;
  /** SIGKILL: connections drop mid-command, as when a node dies. */
  kill(): Promise<void>;
  /** Starts again on the same port, from the same append-only file. */
  start(): Promise<void>;
}

/**
 * A Redis of this test's own, so it can be killed, or its counters read exactly, without touching
 * the run's shared one. By default the append-only file is fsynced on every write, as a production
 * Redis holding quota counters should be: after a kill the usage counted before it is still there to
 * compare with what was accepted.
 */
/** `args` replace the durable defaults (e.g. `[]` for counters nobody kills, or an evicting `--maxmemory`). */
export async function startPrivateRedis(options: { args?: string[] } = {}): Promise<PrivateRedis> {
  const [port, dir] = await Promise.all([freePort(), tempDir('private-redis')]);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  const durable = options.args ?? ['--appendonly', 'yes', '--appendfsync', 'always'];
  let server: ChildProcess | undefined;
  const start = async () => {
    const child = spawn('redis-server', [...args, ...durable], { stdio: 'ignore' });
    killWhenDone(child);
    server = child;
    await waitForPort(port, 10_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async kill() {
      const child = server;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    start,
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
