import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { serviceLogPrefix } from '@quarry/testkit';

/**
 * Appends what a spawned service prints to the run's service-log directory, which the integration
 * teardown scans for secrets. stdout and stderr go to files of their own, so a line of one is never
 * split by a chunk of the other. Outside an integration run it does nothing.
 */
export function captureOutput(child: ChildProcess, name: string): void {
  const prefix = serviceLogPrefix(name);
  if (!prefix) return;
  for (const [stream, suffix] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    if (!stream) continue;
    const fd = openSync(`${prefix}.${suffix}.log`, 'a');
    stream.on('data', (chunk: Buffer) => writeSync(fd, chunk));
    stream.once('close', () => closeSync(fd));
  }
}
