#!/usr/bin/env node
// Entry point of `npm start` / `npm test` / `npm run bench`: works under any Node >= 20 with npm.
// It makes sure the pinned Node 24 LTS and pnpm exist (from the npm registry, cached outside the
// work tree), installs the workspace, then runs a root package script under Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.21.0';
const PNPM_VERSION = '12.21.0';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = process.env.QUARRY_CACHE_DIR ?? join(homedir(), '.cache', 'quarry');

function step(message) {
  process.stderr.write(`[quarry] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function npmInstallInto(prefix, spec) {
  mkdirSync(prefix, { recursive: true });
  step(`installing ${spec} into ${prefix}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = run(npm, [
    'install',
    '--prefix',
    prefix,
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    spec,
  ]);
  if (status !== 0) throw new Error(`npm could not install ${spec} (exit ${status})`);
}

function ensureNode24() {
  if (process.versions.node === NODE_VERSION) return dirname(process.execPath);
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(cacheDir, `node-${NODE_VERSION}`);
  const binDir = join(prefix, 'node_modules', pkg, 'bin');
  if (!existsSync(join(binDir, 'node'))) npmInstallInto(prefix, `${pkg}@${NODE_VERSION}`);
  return binDir;
}

function ensurePnpm() {
  const prefix = join(cacheDir, `pnpm-${PNPM_VERSION}`);
  const bin = join(prefix, 'node_modules', '.bin');
  if (!existsSync(join(bin, 'pnpm'))) npmInstallInto(prefix, `pnpm@${PNPM_VERSION}`);
  return bin;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// The tests start a real Kafka broker (Java + Maven fetch its jars) and render the Kubernetes
// manifests (kubectl's kustomize). Debian's kubectl package is installed when missing and we are root.
function ensureTestPrerequisites() {
  for (const command of ['java', 'mvn']) {
    if (!has(command))
      throw new Error(`the tests need ${command} on PATH (Java 17+ and Maven run the local Kafka broker)`);
  }
  ensureChromium();
  if (has('kubectl') || process.env.KUBECTL) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    step('installing kubectl (Debian package) for the manifest tests');
    if (run('apt-get', ['install', '-y', '-q', 'kubectl']) !== 0) {
      run('apt-get', ['update', '-q']);
      run('apt-get', ['install', '-y', '-q', 'kubectl']);
    }
  }
  if (!has('kubectl')) step('kubectl is missing: the manifest tests will fail and say how to install it');
}

// The console's browser tests and benchmark drive Debian's Chromium (Playwright's own download does
// not work offline); installed like kubectl when missing and we are root.
function ensureChromium() {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    step('installing chromium (Debian package) for the console tests');
    if (run('apt-get', ['install', '-y', '-q', 'chromium']) !== 0) {
      run('apt-get', ['update', '-q']);
      run('apt-get', ['install', '-y', '-q', 'chromium']);
    }
  }
  if (!existsSync('/usr/bin/chromium'))
    step('chromium is missing: the console browser tests will fail and say so');
}

// The web console is built in the install step (the bundle is never committed): the control API
// serves apps/console/dist at `/`.
function buildConsole(pnpm, env) {
  const started = Date.now();
  if (
    run(pnpm, ['--filter', '@quarry/console', 'run', '--silent', 'build'], {
      cwd: root,
      env,
      stdio: 'ignore',
    }) !== 0
  ) {
    step('building the web console failed: run `pnpm --filter @quarry/console build` to see why');
    process.exit(1);
  }
  step(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const [mode, script, ...rest] = process.argv.slice(2);
if (mode !== 'run' || !script) {
  process.stderr.write('usage: node scripts/toolchain.mjs run <root-script> [args...]\n');
  process.exit(2);
}

if (script.startsWith('test')) ensureTestPrerequisites();
if (script.startsWith('bench')) ensureChromium();
const nodeBin = ensureNode24();
const pnpmBin = ensurePnpm();
const env = {
  ...process.env,
  PATH: [nodeBin, pnpmBin, process.env.PATH].join(':'),
  npm_config_update_notifier: 'false',
};
const pnpm = join(pnpmBin, 'pnpm');

const installArgs = ['install', '--prefer-offline', ...(process.env.CI ? ['--frozen-lockfile'] : [])];
if (run(pnpm, installArgs, { cwd: root, env }) !== 0) {
  step('pnpm install failed');
  process.exit(1);
}
if (['start', 'test', 'bench'].some((prefix) => script.startsWith(prefix))) buildConsole(pnpm, env);
const args = rest[0] === '--' ? rest.slice(1) : rest;
process.exit(run(pnpm, ['run', '--silent', script, ...args], { cwd: root, env }));
