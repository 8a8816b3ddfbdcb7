import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createQuarry, type Dataset, defineSchema, type Schema } from '@quarry/sdk-datasets';
import { tempDir } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { installedBun, installedDeno, startWorker } from '../src/runtimes.ts';
import { eventually, storedLogs, uniqueName } from './helpers.ts';

const run = promisify(execFile);
const PACKAGES = resolve(import.meta.dirname, '../../packages');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'published');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

const EXPORTS = {
  '.': {
    'quarry-source': './src/index.ts',
    import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' },
    require: { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' },
  },
};

/** Packs both SDKs once (pnpm runs their `prepack` build) and installs the tarballs into a new project. */
async function packOnce(root: string): Promise<string[]> {
  const tarballs = join(root, 'tarballs');
  await Promise.all(
    ['sdk-datasets', 'sdk-logger'].map((name) =>
      run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(PACKAGES, name) }),
    ),
  );
  return (await readdir(tarballs)).map((file) => join(tarballs, file));
}

async function consumerProject(
  root: string,
  type: 'module' | 'commonjs',
  tarballs: string[],
): Promise<string> {
  const project = join(root, type);
  await mkdir(project, { recursive: true });
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: `consumer-${type}`, private: true, type }),
  );
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
  });
  const typed = type === 'module' ? 'typed.ts' : 'typed.cts';
  await copyFile(join(FIXTURES, 'typed.ts'), join(project, typed));
  const compilerOptions = {
    target: 'es2022',
    module: 'nodenext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  };
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { ...compilerOptions, lib: ['es2022', 'dom'], types: [] },
      files: [typed],
    }),
  );
  return project;
}

describe('the SDKs as published packages, installed into ESM and CommonJS projects', () => {
  let quarry: EmbeddedProcess;
  let tarballs: string[];
  let esm: string;
  let cjs: string;
  beforeAll(async () => {
    const root = await tempDir('sdk-published');
    // Assigned as soon as it is up, so afterAll stops it even when packing fails.
    const started = startEmbedded(await tempDir('sdk-published-stack')).then((stack) => {
      quarry = stack;
    });
    [, tarballs] = await Promise.all([started, packOnce(root)]);
    [esm, cjs] = await Promise.all([
      consumerProject(root, 'module', tarballs),
      consumerProject(root, 'commonjs', tarballs),
    ]);
  }, 180_000);
  afterAll(async () => {
    if (quarry?.child.exitCode === null) await quarry.stop();
  });

  const options = () => {
    const { controlUrl, ingestUrl, project, pat, apiKey } = quarry.bootstrap;
    return { controlUrl, ingestUrl, project, pat, apiKey };
  };

  it('hold only dist/, declare ESM and CommonJS builds with types in package.json, and need nothing at run time', async () => {
    for (const tarball of tarballs) {
      const listing = (await run('tar', ['-tzf', tarball])).stdout.trim().split('\n');
      expect(
        listing.filter(
          (path) =>
            !/^package\/(dist\/(esm|cjs)\/.+\.(js|d\.ts|js\.map)|dist\/cjs\/package\.json|README\.md|package\.json)$/.test(
              path,
            ),
        ),
      ).toEqual([]);
      const manifest = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout);
      expect(manifest.exports).toEqual(EXPORTS);
      expect(manifest.dependencies ?? {}).toEqual({});
      for (const bundle of ['dist/esm/index.js', 'dist/cjs/index.js']) {
        const code = (await run('tar', ['-xzOf', tarball, `package/${bundle}`], { maxBuffer: 1 << 24 }))
          .stdout;
        // Cloudflare Workers and strict CSPs refuse code generation.
        expect(code).not.toMatch(/new Function\(|\beval\(/);
      }
    }
    // The declarations type-check under both conditions: `import` in ESM, `require` in CommonJS.
    await Promise.all([esm, cjs].map((project) => run(process.execPath, [tsc, '-p', project])));
  });

  it('ESM on Node: ensureDataset is idempotent and names the fields of a drifted schema; records and gzip logs are stored', async () => {
    const source = uniqueName('published-esm').replace(' ', '-');
    const result = await runConsumer(process.execPath, ['datasets.mjs'], esm, source);
    expect(result).toEqual(expectedRun(result.refusal.message));
    expect(result.refusal.message).toMatch(/amount is registered as number but string in the code/);
    expect(result.refusal.message).toMatch(/plan is string in the code but not registered/);
    const [event] = await eventually(
      () => storedLogs(quarry.bootstrap, source),
      (found) => found.length === 1,
    );
    expect(event).toMatchObject({ level: 'error', metadata: { err: { message: 'boom' } } });
  });

  it.each([
    ['no SIGTERM handler of its own, exits by the signal', {}, { code: null, signal: 'SIGTERM' }, 1],
    [
      'its own SIGTERM handler, exits when that handler says',
      { APP_CLEANUP_MS: '1000' },
      { code: 0, signal: null },
      2,
    ],
  ])(
    'CommonJS on Node: a server killed with SIGTERM flushes its logs and records; with %s',
    async (_, env, exit, listeners) => {
      const source = uniqueName('published-cjs').replace(' ', '-');
      const schema = defineSchema({ n: 'number' });
      const dataset = await createQuarry(options()).ensureDataset({ name: uniqueName('Sigterm'), schema });
      await copyFile(join(FIXTURES, 'logger-sigterm.cjs'), join(cjs, 'server.cjs'));
      const child = spawn(process.execPath, ['server.cjs'], {
        cwd: cjs,
        env: {
          ...process.env,
          ...env,
          QUARRY_OPTIONS: JSON.stringify({ ...options(), source }),
          DATASET_ID: String(dataset.id),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(JSON.parse(await firstLine(child))).toEqual({ ready: true, listeners });
      const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
      child.kill('SIGTERM');
      expect(await exited).toEqual(exit);
      const events = await eventually(
        () => storedLogs(quarry.bootstrap, source),
        (found) => found.length >= 30,
      );
      expect(events).toHaveLength(30);
      expect(new Set(events.map((event) => `${event.level} ${event.metadata.requestId}`))).toEqual(
        new Set(['info req_42']),
      );
      await recordsStored(dataset, '12');
    },
  );

  it.each([
    ['Deno', installedDeno, ['run', '--allow-all', 'datasets.mjs']],
    ['Bun', installedBun, ['datasets.mjs']],
  ])('%s runs the same ESM application against the stack', async (_, installed, args) => {
    const source = uniqueName('published-runtime').replace(' ', '-');
    const result = await runConsumer(await installed(), args, esm, source);
    expect(result).toEqual(expectedRun(result.refusal.message));
    await eventually(
      () => storedLogs(quarry.bootstrap, source),
      (found) => found.length === 1,
    );
  });

  it('Cloudflare Workers (workerd, which refuses code generation) checks and sends records and gzip logs', async () => {
    await copyFile(join(FIXTURES, 'worker.mjs'), join(esm, 'worker.mjs'));
    const worker = await startWorker(esm, 'worker.mjs');
    try {
      const source = uniqueName('published-worker').replace(' ', '-');
      const response = await fetch(worker.url, {
        method: 'POST',
        body: JSON.stringify({ options: options(), name: uniqueName('Worker'), source }),
      });
      const answer = (await response.json()) as {
        datasetId: number;
        dropped: number;
        codeGeneration: string;
      };
      expect(answer).toMatchObject({ dropped: 0, codeGeneration: 'EvalError' });
      const dataset = createQuarry(options()).dataset(
        answer.datasetId,
        defineSchema({ country: 'string', amount: 'number' }),
      );
      await recordsStored(dataset, '2');
      await eventually(
        () => storedLogs(quarry.bootstrap, source),
        (found) => found.length === 1,
      );
    } finally {
      await worker.stop();
    }
  });

  async function runConsumer(runtime: string, args: string[], project: string, source: string) {
    await copyFile(join(FIXTURES, 'datasets.mjs'), join(project, 'datasets.mjs'));
    const { stdout } = await run(runtime, args, {
      cwd: project,
      env: {
        ...process.env,
        QUARRY_OPTIONS: JSON.stringify(options()),
        DATASET_NAME: uniqueName('Published'),
        SOURCE: source,
      },
    });
    return JSON.parse(stdout) as { refusal: { message: string } };
  }
});

/** Waits until the dataset holds `count` records of 2026-06-10, the day every fixture writes. */
async function recordsStored<S extends Schema>(dataset: Dataset<S>, count: string) {
  const range = { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' };
  await eventually(
    async () =>
      (await dataset.query({ range, select: [{ aggregate: 'count', as: 'records' }] })).rows[0]?.records,
    (n) => n === count,
  );
}

function expectedRun(message: string) {
  return {
    sameDataset: true,
    refusal: { name: 'QuarryError', status: 409, message },
    rows: [
      { country: 'RO', events: '2' },
      { country: 'US', events: '1' },
    ],
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) done(output.slice(0, output.indexOf('\n')));
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code} before it was ready: ${output}`)));
  });
}
