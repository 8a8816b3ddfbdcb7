import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'rolldown';

const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** A workspace package whose declarations the SDK's types refer to, emitted under dist/esm/vendor/. */
export interface VendoredTypes {
  specifier: string;
  /** The tsconfig (relative to the SDK's folder) that emits its declarations; they go to `entry`'s folder. */
  tsconfig: string;
  /** Its entry as the declarations import it (`.js`), relative to dist/esm. */
  entry: string;
}

/**
 * Builds an SDK for publishing: one ESM and one CommonJS bundle of `src/index.ts` with every
 * workspace import inlined (no runtime dependency, no code generation), and declarations for both.
 * dist/cjs/package.json says `commonjs`, so its copies of the declarations are CommonJS types.
 */
export async function buildSdk(root: string, vendoredPackages: VendoredTypes[] = []): Promise<void> {
  // Internal modules' declarations name this package's types too.
  const vendored = [...vendoredPackages, RUNTIME_TYPES];
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  for (const [format, folder] of [
    ['esm', 'esm'],
    ['cjs', 'cjs'],
  ] as const) {
    await build({
      input: join(root, 'src', 'index.ts'),
      platform: 'neutral',
      output: { file: join(dist, folder, 'index.js'), format, sourcemap: true },
    });
  }
  const esm = join(dist, 'esm');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const { tsconfig, entry } of vendored) {
    const outDir = join(esm, dirname(entry));
    execFileSync(process.execPath, [tsc, '-p', resolve(root, tsconfig), '--outDir', outDir], {
      stdio: 'inherit',
    });
  }
  for (const file of declarationsUnder(esm)) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(SPECIFIER, (_, keyword: string, quote: string, specifier: string) => {
      const vendor = vendored.find((entry) => entry.specifier === specifier);
      let target = specifier;
      if (vendor) target = relativeTo(file, join(esm, vendor.entry));
      else if (specifier.startsWith('.') && specifier.endsWith('.ts'))
        target = `${specifier.slice(0, -3)}.js`;
      return `${keyword}${quote}${target}${quote}`;
    });
    if (/(from\s*|import\s*\(\s*)['"]@quarry\//.test(rewritten)) {
      throw new Error(`${file} refers to a workspace package the tarball does not hold`);
    }
    writeFileSync(file, rewritten);
    const copy = join(dist, 'cjs', relative(esm, file));
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(file, copy);
  }
  writeFileSync(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
}

const RUNTIME_TYPES: VendoredTypes = {
  specifier: '@quarry/sdk-runtime',
  tsconfig: join(import.meta.dirname, '..', 'tsconfig.vendor.json'),
  entry: 'vendor/sdk-runtime/index.js',
};

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\2/g;

function relativeTo(from: string, to: string): string {
  const path = relative(dirname(from), to).replaceAll('\\', '/');
  return path.startsWith('.') ? path : `./${path}`;
}

function declarationsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return declarationsUnder(path);
    return entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
