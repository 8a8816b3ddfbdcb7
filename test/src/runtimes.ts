import { execFile, spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../apps/ingest-gateway/src/testing.ts';

const run = promisify(execFile);
export const DENO_VERSION = '2.9.6';
export const BUN_VERSION = '1.4.4';
export const WRANGLER_VERSION = '4.164.0';

/**
 * A command from an npm package whose binary ships in a platform package (Deno, wrangler with
 * workerd), cached outside the work tree like the toolchain's Node; installed on first use.
 */
async function installedFromNpm(name: string, version: string): Promise<string> {
  const cache = process.env.QUARRY_CACHE_DIR ?? join(homedir(), '.cache', 'quarry');
  const prefix = join(cache, `${name}-${version}`);
  const binary = join(prefix, 'node_modules', '.bin', name);
  const present = await access(binary).then(
    () => true,
    () => false,
  );
  if (!present) {
    const flags = ['--no-audit', '--no-fund', '--loglevel=error'];
    await run('npm', ['install', '--prefix', prefix, ...flags, `${name}@${version}`]);
  }
  return binary;
}

export function installedDeno(): Promise<string> {
  return installedFromNpm('deno', DENO_VERSION);
}

export function installedBun(): Promise<string> {
  return installedFromNpm('bun', BUN_VERSION);
}

export interface RunningWorker {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves `script` (its imports resolved from `project`'s node_modules) with `wrangler dev` on
 * workerd, Cloudflare Workers' runtime, on loopback. Its warnings about `Request.cf` offline are harmless.
 */
export async function startWorker(project: string, script: string): Promise<RunningWorker> {
  const wrangler = await installedFromNpm('wrangler', WRANGLER_VERSION);
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [
    'dev',
    script,
    '--name',
    'sdk-test',
    '--compatibility-date',
    '2025-01-01',
    '--ip',
    '127.0.0.1',
  ];
  const child = spawn(
    wrangler,
    [...args, '--port', String(port), '--inspector-port', String(inspectorPort)],
    {
      cwd: project,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Ready on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`wrangler dev did not start: ${output.slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
