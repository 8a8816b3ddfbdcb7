import { mkdir, readdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { runCommand } from './exec.ts';
import { progress } from './progress.ts';

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Makes sure the machine's Redis and PostgreSQL answer, starting them when they are merely stopped. */
export async function ensureLocalServices(): Promise<void> {
  await Promise.all([ensureRedis(), ensurePostgres()]);
}

export async function ensureRedis(): Promise<void> {
  await ensureAnswering('Redis on 127.0.0.1:6379', redisAnswers, async () => {
    await mkdir('/var/lib/redis', { recursive: true });
    await mkdir('/var/log/redis', { recursive: true });
    const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', ''];
    await runCommand(
      'redis-server',
      [...args, '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'],
      30_000,
    );
  });
}

export async function ensurePostgres(): Promise<void> {
  await ensureAnswering('PostgreSQL on 127.0.0.1:5432', postgresAnswers, async () => {
    for (const version of await readdir('/etc/postgresql')) {
      await runCommand('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], 60_000);
    }
  });
}

async function ensureAnswering(name: string, answers: () => Promise<boolean>, start: () => Promise<void>) {
  if (await answers()) return;
  progress(`${name} does not answer; starting it`);
  try {
    await start();
  } catch (error) {
    throw new Error(`${name} is not running and could not be started (is it installed?): ${error}`);
  }
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(200)) {
    if (await answers()) return;
  }
  throw new Error(`${name} was started but still does not answer after 20 s`);
}

/** A raw PING keeps this package free of a Redis client. */
function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379, timeout: 1_000 });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
