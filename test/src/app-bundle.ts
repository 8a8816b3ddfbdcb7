import { execFile } from 'node:child_process';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../..');

/** pnpm as the test run was started with it (npm_execpath), else the one on PATH. */
function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  return ['pnpm', []];
}

export interface AppBundle {
  /** The image's /app: pruned workspace, production node_modules, `server.ts` link. */
  dir: string;
  pruneMs: number;
  installMs: number;
}

/**
 * What the Dockerfile's prune and install stages produce for one app, built into `outDir`:
 * `turbo prune --docker`, a production install of the pruned lockfile without optional
 * dependencies (from the local store, the registry only for what it lacks), then the pruned sources over it.
 */
export async function buildAppBundle(app: string, outDir: string): Promise<AppBundle> {
  const pruned = join(outDir, 'pruned');
  const dir = join(outDir, 'app');
  let started = performance.now();
  await run(
    join(repoRoot, 'node_modules/.bin/turbo'),
    ['prune', `@quarry/${app}`, '--docker', '--out-dir', pruned],
    { cwd: repoRoot, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  const pruneMs = performance.now() - started;

  started = performance.now();
  await mkdir(dir);
  await cp(join(pruned, 'json'), dir, { recursive: true });
  const [pnpm, prefix] = pnpmCommand();
  await run(
    pnpm,
    [
      ...prefix,
      'install',
      '--prod',
      '--no-optional',
      '--frozen-lockfile',
      // Not --offline: pnpm wants registry metadata for packages a fresh machine has only as tarballs.
      '--prefer-offline',
      '--package-import-method',
      'copy',
      '--filter-prod',
      `@quarry/${app}...`,
    ],
    { cwd: dir, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  );
  await cp(join(pruned, 'full'), dir, { recursive: true });
  await symlink(`apps/${app}/src/server.ts`, join(dir, 'server.ts'));
  return { dir, pruneMs, installMs: performance.now() - started };
}
