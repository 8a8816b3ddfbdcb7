import { type ChildProcess, spawn } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';
import { captureOutput } from './service-output.ts';

export interface ServiceProcess {
  child: ChildProcess;
  /** Where it listens: the HTTP API, or the writer's health server. */
  url: string;
  /** stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Resolves with the exit code, however the process ends. */
  exited: Promise<number | null>;
  /** Sends SIGTERM; resolves with the exit code and how long the drain took. */
  stop(): Promise<{ code: number | null; ms: number }>;
}

export interface ServiceOptions {
  /** The script `node` runs, e.g. apps/ingest-gateway/src/server.ts. */
  entry: string;
  /** The process's only variables besides PATH and TMPDIR: nothing leaks in from the test run. */
  env: Record<string, string>;
  cwd?: string;
  execArgv?: string[];
  /** Runs this executable (an image's start script) instead of `node <entry>`; execArgv go in NODE_OPTIONS. */
  command?: string;
  timeoutMs?: number;
  /** Echo the service's warnings and errors to the test's stderr (default); off for expected floods. */
  echo?: boolean;
}

/**
 * Starts a service's server.ts as its own process at LOG_LEVEL info and waits for its "listening"
 * line (`url`, or the writer's `healthPort`). Warnings and errors are echoed to the test's stderr.
 */
export function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const execArgv = options.execArgv ?? [];
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...(options.command && execArgv.length > 0 ? { NODE_OPTIONS: execArgv.join(' ') } : {}),
    ...options.env,
  };
  const [file, args] = options.command
    ? [options.command, []]
    : [process.execPath, [...execArgv, options.entry]];
  const child = spawn(file, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  killWhenDone(child);
  // apps/<name>/src/server.ts is named after the app; a bundle's server.ts after its directory.
  captureOutput(child, /apps\/([^/]+)\/src\//.exec(options.entry)?.[1] ?? basename(dirname(options.entry)));
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo ?? true) process.stderr.write(chunk);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.entry} did not start in ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.entry} exited with ${code} before listening:\n${output}`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      output += `${line}\n`;
      const entry = parseLine(line);
      if ((entry.level ?? 0) >= 40 && (options.echo ?? true)) process.stderr.write(`${line}\n`);
      const url =
        typeof entry.url === 'string'
          ? entry.url
          : typeof entry.healthPort === 'number'
            ? `http://127.0.0.1:${entry.healthPort}`
            : undefined;
      if (!url) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        exited,
        output: () => output,
        async stop() {
          const started = performance.now();
          child.kill('SIGTERM');
          const code = await exited;
          return { code, ms: performance.now() - started };
        },
      });
    });
  });
}

function parseLine(line: string): { level?: number; url?: unknown; healthPort?: unknown } {
  try {
    return JSON.parse(line);
  } catch {
    return {};
  }
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A test that fails half-way leaves no service behind: killed when the test (or the run) ends. */
export function killWhenDone(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  try {
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  } catch {
    // not inside a running test: the exit hook above
  }
}
