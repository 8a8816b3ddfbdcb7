import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const DENO_VERSION = '2.9.6';

/**
 * Deno from the npm registry (its binary ships in a platform package), cached outside the work tree
 * like the toolchain's Node, so the SDK tests can run a second runtime; installed on first use.
 */
export async function installedDeno(): Promise<string> {
  const cache = process.env.QUARRY_CACHE_DIR ?? join(homedir(), '.cache', 'quarry');
  const prefix = join(cache, `deno-${DENO_VERSION}`);
  const binary = join(prefix, 'node_modules', '.bin', 'deno');
  const present = await access(binary).then(
    () => true,
    () => false,
  );
  if (!present) {
    await run('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `deno@${DENO_VERSION}`,
    ]);
  }
  return binary;
}
