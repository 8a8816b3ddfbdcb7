import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { captureOutput } from './service-output.ts';

const MAIN = resolve(import.meta.dirname, '../../apps/embedded/src/main.ts');

export interface Bootstrap {
  project: string;
  pat: string;
  apiKey: string;
  controlUrl: string;
  ingestUrl: string;
}

export interface EmbeddedProcess {
  child: ChildProcess;
  bootstrap: Bootstrap;
  writerHealthUrl: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `npm start`'s entry point as its own process, on free ports, and waits until it is up. */
export async function startEmbedded(
  dataDir: string,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<EmbeddedProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      QUARRY_DATA_DIR: dataDir,
      CONTROL_PORT: '0',
      INGEST_PORT: '0',
      WRITER_HEALTH_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureOutput(child, 'embedded');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // A process that did not come up is not left running behind the failed test.
  const started = await waitFor(
    () => /"writerHealthPort":(\d+).*"msg":"quarry started"/.exec(output),
    timeoutMs,
    () => output,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const bootstrap = JSON.parse(await readFile(join(dataDir, 'bootstrap.json'), 'utf8')) as Bootstrap;
  return {
    child,
    bootstrap,
    writerHealthUrl: `http://127.0.0.1:${started[1]}`,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitFor<T>(probe: () => T | null, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`embedded process did not start in ${timeoutMs} ms:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
