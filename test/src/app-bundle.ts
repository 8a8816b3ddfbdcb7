import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
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
  /** The image's /app: pruned workspace, production node_modules, built `dist`, `start` and `server.ts`. */
  dir: string;
  pruneMs: number;
  installMs: number;
}

/**
 * The flags the Dockerfile's install stage gives `pnpm install` before `--filter-prod`, read from the
 * Dockerfile itself so that this reproduction cannot drift from it; `--store-dir` (the build cache)
 * is left out, the local store serves instead.
 */
async function imageInstallFlags(): Promise<string[]> {
  const dockerfile = (await readFile(join(repoRoot, 'Dockerfile'), 'utf8')).replace(/\\\n/g, ' ');
  const install = /pnpm install (--prod [^\n]*?)--filter-prod /.exec(dockerfile)?.[1];
  if (!install) throw new Error('no `pnpm install --prod … --filter-prod` in the Dockerfile');
  const flags = install.trim().split(/\s+/);
  const store = flags.indexOf('--store-dir');
  if (store >= 0) flags.splice(store, 2);
  return flags;
}

/**
 * What the Dockerfile's prune and install stages produce for one app, built into `outDir`:
 * `turbo prune --docker`, a production install of the pruned lockfile with the install stage's
 * flags (from the local store, the registry only for what it lacks), then the pruned sources over it.
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
      ...(await imageInstallFlags()),
      // Not --offline: pnpm wants registry metadata for packages a fresh machine has only as tarballs.
      '--prefer-offline',
      '--filter-prod',
      `@quarry/${app}...`,
    ],
    { cwd: dir, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  );
  await cp(join(pruned, 'full'), dir, { recursive: true });
  const start = await buildApp(app, join(dir, 'apps', app));
  await writeFile(join(dir, 'start'), `#!/bin/sh\ncd "$(dirname "$0")/apps/${app}" && exec ${start}\n`, {
    mode: 0o755,
  });
  await symlink(`apps/${app}/src/server.ts`, join(dir, 'server.ts'));
  return { dir, pruneMs, installMs: performance.now() - started };
}

/**
 * As the image's `bundle` stage: the app's package.json `build` (here from the repository, where its
 * dev dependencies are) into the bundle's `apps/<app>/dist`; then its `start` command, as /app/start runs it.
 */
async function buildApp(app: string, into: string): Promise<string> {
  const source = join(repoRoot, 'apps', app);
  const { scripts = {} } = JSON.parse(await readFile(join(source, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (scripts.build) {
    await run('sh', ['-c', `${scripts.build} --out-dir "$OUT_DIR"`], {
      cwd: source,
      env: { ...process.env, OUT_DIR: join(into, 'dist') },
    });
  }
  return scripts.start ?? 'node src/server.ts';
}
