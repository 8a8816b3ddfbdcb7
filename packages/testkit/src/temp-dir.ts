import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';

const leftovers = new Set<string>();
process.once('exit', () => {
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh directory under the OS temp dir. Made inside a test, it is removed when that test finishes;
 * made elsewhere (e.g. in beforeAll), when the test process exits.
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(runTempRoot() ?? tmpdir(), `quarry-${prefix}-`));
  leftovers.add(dir);
  try {
    onTestFinished(async () => {
      leftovers.delete(dir);
      // A process the test stopped may still be flushing into it (a broker's log segments): rm
      // retries ENOTEMPTY and EBUSY instead of failing the test on its cleanup.
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    });
  } catch {
    // not inside a running test: the exit hook above removes it
  }
  return dir;
}

/** The integration run's root (removed at its teardown); unit tests have none and use the OS temp dir. */
function runTempRoot(): string | undefined {
  try {
    return inject('quarryStack')?.tempRoot;
  } catch {
    return undefined;
  }
}
