import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

// Builds dist/ for publishing: the SDK compiled by tsc, and @quarry/schema (the gateway's own
// validators: pure, no dependencies) compiled into dist/vendor/schema and imported relatively, so
// the published package has no runtime dependency. Declarations get `.js` specifiers like the code.
const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const vendored = join(dist, 'vendor', 'schema', 'index.js');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

rmSync(dist, { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.schema.json']) {
  execFileSync(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit' });
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\2/g;
for (const file of listFiles(dist).filter((name) => /\.(js|d\.ts)$/.test(name))) {
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(SPECIFIER, (_, keyword: string, quote: string, specifier: string) => {
    let target = specifier;
    if (specifier === '@quarry/schema') target = relativeTo(file, vendored);
    else if (specifier.startsWith('.') && specifier.endsWith('.ts')) target = `${specifier.slice(0, -3)}.js`;
    return `${keyword}${quote}${target}${quote}`;
  });
  if (/(from\s*|import\s*\(\s*)['"]@quarry\//.test(rewritten))
    throw new Error(`${file} imports a workspace package`);
  if (rewritten !== text) writeFileSync(file, rewritten);
}

function relativeTo(from: string, to: string): string {
  const path = relative(dirname(from), to).replaceAll('\\', '/');
  return path.startsWith('.') ? path : `./${path}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
