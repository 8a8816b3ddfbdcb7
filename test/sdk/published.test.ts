import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '@quarry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';

const run = promisify(execFile);
const PACKAGES = resolve(import.meta.dirname, '../../packages');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** What an application outside the monorepo writes: plain ESM on the published dist, no TypeScript at run time. */
const CONSUMER = `
import { createQuarry, defineSchema } from '@quarry/sdk-datasets';
import { createLogger } from '@quarry/sdk-logger';

const options = JSON.parse(process.env.QUARRY_OPTIONS);
const orders = defineSchema({ country: 'string', amount: 'number' });
const quarry = createQuarry(options);
const created = await quarry.createDataset({ name: 'Published ' + Date.now() });
await quarry.registerSchema(created.id, orders);
const dataset = quarry.dataset(created.id, orders);
for (const country of ['RO', 'RO', 'US']) {
  dataset.ingest({ timestamp: new Date('2026-06-10T10:00:00Z'), context: {}, country, amount: 2.5 });
}
await quarry.close();
let rows = [];
for (let i = 0; i < 120 && rows.length < 2; i++) {
  ({ rows } = await dataset.query({
    range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
    select: [{ field: 'country' }, { aggregate: 'count', as: 'events' }],
    groupBy: ['country'],
  }));
  if (rows.length < 2) await new Promise((r) => setTimeout(r, 250));
}
const logger = createLogger({ ingestUrl: options.ingestUrl, apiKey: options.apiKey, source: 'published' });
logger.error('from the published package', { err: new Error('boom') });
await logger.close();
process.stdout.write(JSON.stringify(rows));
`;

const TYPED_CONSUMER = `
import { createQuarry, defineSchema, type RecordOf } from '@quarry/sdk-datasets';
import { createLogger } from '@quarry/sdk-logger';

const orders = defineSchema({ country: 'string', amount: 'number' });
const dataset = createQuarry({ controlUrl: 'http://c', ingestUrl: 'http://i', project: 'p' }).dataset(1, orders);
const good: RecordOf<typeof orders> = { timestamp: new Date(), context: {}, country: 'RO', amount: 1 };
dataset.ingest(good);
// @ts-expect-error amount is a number field
dataset.ingest({ ...good, amount: '1' });
export async function rows() {
  const result = await dataset.query({
    range: { from: '2026-06-10', to: '2026-06-11' },
    select: [{ field: 'country' }, { aggregate: 'count', as: 'events' }],
    groupBy: ['country'],
  });
  const typed: { country: string; events: string }[] = result.rows;
  return typed;
}
createLogger({ ingestUrl: 'http://i', apiKey: 'k' }).info('typed', { ok: true });
`;

describe('the SDKs as published packages', () => {
  let quarry: EmbeddedProcess;
  beforeAll(async () => {
    quarry = await startEmbedded(await tempDir('sdk-published'));
  });
  afterAll(async () => {
    if (quarry?.child.exitCode === null) await quarry.stop();
  });

  it('pack with pnpm into dist-only tarballs with no runtime dependency, and work outside the monorepo', async () => {
    const consumer = await tempDir('sdk-consumer');
    const tarballs = join(consumer, 'tarballs');
    for (const name of ['sdk-datasets', 'sdk-logger']) {
      await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(PACKAGES, name) });
    }
    for (const tarball of await readdir(tarballs)) {
      const listing = (await run('tar', ['-tzf', join(tarballs, tarball)])).stdout.trim().split('\n');
      expect(
        listing.filter(
          (path) => !/^package\/(dist\/.+\.(js|d\.ts|js\.map)|README\.md|package\.json)$/.test(path),
        ),
      ).toEqual([]);
      const unpacked = join(consumer, 'unpacked', tarball);
      await mkdir(unpacked, { recursive: true });
      await run('tar', ['-xzf', join(tarballs, tarball), '-C', unpacked]);
      const manifest = JSON.parse(await readFile(join(unpacked, 'package', 'package.json'), 'utf8'));
      expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', default: './dist/index.js' } });
      expect(manifest.dependencies ?? {}).toEqual({});
      await mkdir(join(consumer, 'node_modules', '@quarry'), { recursive: true });
      await rename(join(unpacked, 'package'), join(consumer, 'node_modules', manifest.name));
    }
    await writeFile(join(consumer, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    await writeFile(join(consumer, 'main.mjs'), CONSUMER);
    await writeFile(join(consumer, 'typed.ts'), TYPED_CONSUMER);
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          lib: ['es2022', 'dom'],
          types: [],
        },
        files: ['typed.ts'],
      }),
    );

    await expect(run(process.execPath, [tsc, '-p', consumer])).resolves.toBeDefined();
    const { controlUrl, ingestUrl, project, pat, apiKey } = quarry.bootstrap;
    const { stdout } = await run(process.execPath, ['main.mjs'], {
      cwd: consumer,
      env: {
        ...process.env,
        QUARRY_OPTIONS: JSON.stringify({ controlUrl, ingestUrl, project, pat, apiKey }),
      },
    });
    expect(JSON.parse(stdout)).toEqual([
      { country: 'RO', events: '2' },
      { country: 'US', events: '1' },
    ]);
  }, 120_000);
});
