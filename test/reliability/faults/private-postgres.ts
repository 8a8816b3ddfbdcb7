import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';
import { freePort } from '../../../apps/ingest-gateway/src/testing.ts';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth) */
  url: string;
  /** `immediate` is a crash: connections drop, no checkpoint; the next start replays the WAL. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Starts again on the same port and data directory. */
  start(): Promise<void>;
}

/**
 * A PostgreSQL cluster of this test's own, so it can be stopped without disturbing the machine's
 * shared server. It lives under the OS temp dir, not tempDir(): the run's temp root is private to
 * root and the server runs as `postgres` when the test runs as root (initdb refuses root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'quarry-faults-pg-'));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  const asOwner = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { timeout: 60_000 })
      : run(join(bin, command), args, { timeout: 60_000 });
  await asOwner('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) => asOwner('pg_ctl', ['-D', dataDir, ...args]);
  const start = async () => {
    await ctl('start', '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', options);
  };
  await start();
  onTestFinished(async () => {
    await ctl('stop', '-m', 'immediate').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async (mode = 'immediate') => {
      await ctl('stop', '-w', '-m', mode);
    },
    start,
  };
}

async function postgresBinDir(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (!newest) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', newest, 'bin');
}
