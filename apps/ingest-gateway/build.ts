import { copyFile, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'rolldown';

/**
 * `node apps/ingest-gateway/build.ts [--out-dir <dir>]` (default apps/ingest-gateway/dist): the
 * gateway's server.ts and everything it imports as one JavaScript bundle, which the image starts
 * (package.json `start`). Type-stripped sources cost about 60 MB of RSS more than the bundle: Node's
 * stripper, a stripped copy of each of ~1,100 modules and the code they load but never run.
 */
const { values } = parseArgs({
  options: { 'out-dir': { type: 'string', default: join(import.meta.dirname, 'dist') } },
});
const outDir = resolve(values['out-dir'] ?? 'dist');
const WASM_FILE = 'native.wasm';

await rm(outDir, { recursive: true, force: true });
const wasm = platformaticWasm();
await build({
  input: join(import.meta.dirname, 'src/server.ts'),
  platform: 'node',
  // The embedded engines are optional peers of warehouse and catalog, absent from the image; the
  // gateway never loads them.
  external: ['@electric-sql/pglite', 'chdb'],
  plugins: [wasm.plugin],
  output: { dir: outDir, format: 'esm', minify: false },
});
await copyFile(wasm.source(), join(outDir, WASM_FILE));
process.stdout.write(`bundled ${(await readdir(outDir)).join(', ')} into ${outDir}\n`);

/**
 * @platformatic/kafka's CRC32C and codecs run in a WebAssembly module its helper package reads from
 * `../dist/native.wasm` beside its own file: pointed at the bundle's directory, the file copied there.
 */
function platformaticWasm(): { plugin: Plugin; source(): string } {
  const reference = /new URL\((['"])\.\.\/dist\/native\.wasm\1, import\.meta\.url\)/;
  let source: string | undefined;
  const plugin: Plugin = {
    name: 'platformatic-wasm',
    transform(code, id) {
      if (!id.includes('@platformatic/wasm-utils/') || !reference.test(code)) return null;
      source = join(dirname(id), WASM_FILE);
      return code.replace(reference, `new URL('./${WASM_FILE}', import.meta.url)`);
    },
  };
  return {
    plugin,
    source() {
      if (!source)
        throw new Error(`no @platformatic/wasm-utils module reads ../dist/${WASM_FILE}: check its version`);
      return source;
    },
  };
}
