import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const THIS_TREE = resolve(import.meta.dirname, '../..');

export interface AppProcess {
  url: string;
  pid: number;
  /** Resident set size now, in MiB (from /proc). */
  rssMb(): number;
  /** The exit code once it has exited on its own (a crash mid-run), else null. */
  exitCode(): number | null;
  /** SIGTERM: the app drains and exits (writing its CPU profile when started with one); its exit code. */
  stop(): Promise<number | null>;
}

export type GatewayProcess = AppProcess;

/**
 * The gateway of `tree` (this one unless told) in a child process, started as that tree's image starts
 * it (appLaunch) and configured by environment as a deployment would be, so its memory is its own.
 */
export function startGatewayProcess(options: LaunchedAppOptions): Promise<GatewayProcess> {
  return startLaunchedApp('ingest-gateway', options);
}

interface LaunchedAppOptions {
  port: number;
  /** PORT unless told (the writer's is HEALTH_PORT). */
  portVariable?: string;
  /** The deployment's configuration; it wins over the launch's own environment. */
  env: Record<string, string>;
  logFile: string;
  /** After the launch's own flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  tree?: string;
  readyTimeoutMs?: number;
}

/** `apps/<app>` of `tree` (this one unless told) in a child process, started as the tree's image does. */
export async function startLaunchedApp(app: string, options: LaunchedAppOptions): Promise<AppProcess> {
  const launch = await appLaunch(options.tree ?? THIS_TREE, app);
  return startAppProcess({
    ...options,
    entry: launch.entry,
    nodeFlags: [...launch.nodeFlags, ...(options.nodeFlags ?? [])],
    env: { ...launch.env, ...options.env },
  });
}

interface Launch {
  entry: string;
  nodeFlags: string[];
  /** What the start sets before node runs (`env NAME=value …`), such as the allocators' settings. */
  env: Record<string, string>;
}
// Built once per app and tree and run: a second gateway (the scale bench's) must not rebuild under the first.
const launches = new Map<string, Promise<Launch>>();

/**
 * How `tree`'s image starts `apps/<app>`: its package.json `start` (`[env NAME=value …] node [flags]
 * <entry>`, the entry built first by its `build`), or `node src/server.ts` in a tree without one
 * (before the bundle, or before the writer's allocator settings), so a bench measures old and new code
 * as each is deployed.
 */
export function appLaunch(tree: string, app: string): Promise<Launch> {
  const dir = join(tree, 'apps', app);
  let launch = launches.get(dir);
  if (!launch) {
    launch = readLaunch(dir);
    launches.set(dir, launch);
  }
  return launch;
}

async function readLaunch(dir: string): Promise<Launch> {
  const scripts = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts ?? {}) as Record<
    string,
    string | undefined
  >;
  if (scripts.start === undefined) return { entry: join(dir, 'src/server.ts'), nodeFlags: [], env: {} };
  const words = scripts.start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  if (words[0] === 'env') {
    words.shift();
    while (words[0]?.includes('=')) {
      const [name = '', ...value] = (words.shift() ?? '').split('=');
      env[name] = value.join('=');
    }
  }
  const [command, ...args] = words;
  const entryAt = args.findIndex((arg) => !arg.startsWith('-'));
  if (command !== 'node' || entryAt !== args.length - 1)
    throw new Error(
      `${dir}/package.json: start must be "[env NAME=value …] node [flags] <entry>" (got "${scripts.start}")`,
    );
  if (scripts.build !== undefined) await promisify(execFile)('sh', ['-c', scripts.build], { cwd: dir });
  return { entry: join(dir, args[entryAt] ?? ''), nodeFlags: args.slice(0, entryAt), env };
}

/**
 * Any app's entry point (e.g. apps/writer/src/server.ts) in a child process, its output appended to
 * `logFile`, ready once GET /readyz on `port` (set as `portVariable`, PORT unless told) answers 200.
 */
export async function startAppProcess(options: {
  entry: string;
  port: number;
  portVariable?: string;
  env: Record<string, string>;
  logFile: string;
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}): Promise<AppProcess> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.entry], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      [options.portVariable ?? 'PORT']: String(options.port),
      ...options.env,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(url, child, options.entry, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    // The run's directory (and this log) is removed when the bench fails: keep why it did not start.
    throw new Error(`${(error as Error).message}; the end of its log:\n${logTail(options.logFile)}`, {
      cause: error,
    });
  }
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    rssMb: () => readRssMb(pid),
    exitCode: () => child.exitCode,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      return code;
    },
  };
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch (error) {
    return `(unreadable: ${(error as Error).message})`;
  }
}

async function waitUntilReady(url: string, child: ChildProcess, entry: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(200);
  }
  throw new Error(`${entry} at ${url} was not ready within ${timeoutMs / 1000} s`);
}

function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** The pid of the process whose command line contains `fragment` (e.g. a broker's config path). */
export function findPid(fragment: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    })();
    if (cmdline.includes(fragment)) return Number(entry);
  }
  return undefined;
}

/** Samples `read` every `everyMs` until the returned stop is called; stop gives the peak. */
export function samplePeak(read: () => number, everyMs = 250): () => number {
  let peak = read();
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, read());
  };
}

/** A loopback port nothing listened on a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free loopback port');
  return address.port;
}
