import { basename, join } from 'node:path';
import { expect, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where processes that tests spawn write their output, scanned for secrets by the teardown. */
    quarryServiceLogs: string;
  }
}

let sequence = 0;

/**
 * A path prefix for one spawned process's output in the run's service-log directory, named after
 * the test file and `name`; undefined outside an integration run (no directory was provided).
 */
export function serviceLogPrefix(name: string): string | undefined {
  let dir: string | undefined;
  try {
    dir = inject('quarryServiceLogs');
  } catch {
    return undefined;
  }
  if (!dir) return undefined;
  let testFile = 'outside-a-test';
  try {
    testFile = basename(expect.getState().testPath ?? testFile);
  } catch {
    // not inside a test file's context
  }
  return join(dir, `${testFile}--${name}--${process.pid}-${++sequence}`);
}
