import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

// Builds dist/ for publishing with tsc. tsc keeps the sources' `.ts` specifiers in declarations;
// they get `.js`, like the code, so every TypeScript version a consumer runs resolves them.
const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const entry of readdirSync(dist)) {
  if (!entry.endsWith('.d.ts')) continue;
  const file = join(dist, entry);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(\bfrom\s*)(['"])(\.[^'"]*)\.ts\2/g, '$1$2$3.js$2'));
}
