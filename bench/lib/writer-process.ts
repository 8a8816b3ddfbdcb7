import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppProcess, freePort, startLaunchedApp } from './gateway-process.ts';

/** This checkout's root: the tree whose writer is measured unless another is named. */
export const THIS_TREE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The writer of `tree` in a child process, started as the tree's image starts it (its package.json
 * `start`: the entry point and the allocators' settings), so its CPU (from /proc) and profile are its
 * own. Another checkout with its dependencies installed (e.g. a worktree of main) measures the code
 * before a change against the same broker and catalog.
 * chDB locks its data directory: nothing else may have `warehouseDir` open while it runs.
 */
export async function startWriterProcess(options: {
  tree?: string;
  brokers: string[];
  databaseUrl: string;
  warehouseDir: string;
  groupId: string;
  logFile: string;
  nodeFlags?: string[];
  env?: Record<string, string>;
}): Promise<AppProcess> {
  return startLaunchedApp('writer', {
    tree: options.tree ?? THIS_TREE,
    port: await freePort(),
    portVariable: 'HEALTH_PORT',
    logFile: options.logFile,
    nodeFlags: options.nodeFlags ?? [],
    env: {
      KAFKA_BROKERS: options.brokers.join(','),
      DATABASE_URL: options.databaseUrl,
      WAREHOUSE_DATA_DIR: options.warehouseDir,
      CONSUMER_GROUP: options.groupId,
      DESTINATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
}
