import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { freePort } from './free-port.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

it('runs a broker in the foreground, prints its address and stops cleanly on Ctrl-C', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'quarry-cli-'));
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'kafka', '--port', String(port), '--data-dir', dataDir]);
  try {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await expect
      .poll(() => output, { timeout: 60_000, interval: 200 })
      .toContain(`Kafka bootstrap: 127.0.0.1:${port}`);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  } finally {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

it('explains its usage when the command is unknown', async () => {
  const child = spawn(process.execPath, [cli, 'bogus']);
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
  expect(errors).toContain('usage:');
});
