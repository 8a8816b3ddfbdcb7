import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

const statement = z.object({
  name: z.string(),
  sql: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const warehouseJob = z.object({
  dataDir: z.string(),
  commands: z.array(statement).default([]),
  /** Named queries whose rows come back under the same names. */
  queries: z.record(z.string(), statement).default({}),
});

export type WarehouseJob = z.input<typeof warehouseJob>;
export type Rows = Record<string, unknown>[];

const TASK = join(import.meta.dirname, 'warehouse-task.ts');

/** Runs `job` (commands, then queries) on a chDB directory in a child process of its own. */
export async function runWarehouseJob(job: WarehouseJob): Promise<Record<string, Rows>> {
  const child = spawn(process.execPath, [TASK, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`warehouse job on ${job.dataDir} exited ${code}:\n${err.slice(-2000)}`);
  const rows = z.array(z.record(z.string(), z.unknown()));
  return z.record(z.string(), rows).parse(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
}
