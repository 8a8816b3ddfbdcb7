import { createWarehouse } from '@quarry/warehouse';
import { z } from 'zod';
import { type Rows, warehouseJob } from './warehouse.ts';

// Runs one job on a chDB data directory in a process of its own, then exits: chDB binds one
// directory per process and keeps hundreds of MB mapped, which must not count as the load generator's.
const job = warehouseJob.parse(JSON.parse(process.argv[2] ?? '{}'));
const warehouse = createWarehouse({ kind: 'embedded', dataDir: job.dataDir });
try {
  for (const command of job.commands) await warehouse.command(command);
  const results: Record<string, Rows> = {};
  for (const [name, query] of Object.entries(job.queries)) {
    results[name] = await warehouse.query({ ...query, schema: z.record(z.string(), z.unknown()) });
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  await warehouse.close();
}
