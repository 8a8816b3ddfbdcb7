import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createBus } from '@quarry/bus';
import { localStack, testDestinationKey } from '@quarry/testkit';
import { captureOutput } from './service-output.ts';

const WRITER = resolve(import.meta.dirname, '../../apps/writer/src/server.ts');

/**
 * The writer's own server.ts as a separate process (so a test can kill -9 it), on a chDB directory.
 * Its output goes to the test's own stdout and stderr, and to the run's service logs.
 */
export function spawnWriter(options: {
  brokers: string[];
  namespace: string;
  group: string;
  warehouseDir: string;
  /** The catalog (log projects, delivery outbox); the run's PostgreSQL database by default. */
  databaseUrl?: string;
  /** More writer configuration, e.g. DELIVERY_TIMEOUT_MS, or DESTINATION_ALLOWED_CIDRS for loopback receivers. */
  env?: Record<string, string>;
}): ChildProcess {
  const child = spawn(process.execPath, [WRITER], {
    env: {
      ...process.env,
      KAFKA_BROKERS: options.brokers.join(','),
      KAFKA_TOPIC_NAMESPACE: options.namespace,
      CONSUMER_GROUP: options.group,
      WAREHOUSE_DATA_DIR: options.warehouseDir,
      DATABASE_URL: options.databaseUrl ?? localStack().databaseUrl,
      HEALTH_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BATCH_MAX_WAIT_MS: '100',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      DESTINATION_ENCRYPTION_KEY: testDestinationKey().toString('base64'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  captureOutput(child, 'writer');
  return child;
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

export interface PartitionProgress {
  partition: number;
  committed: number;
  end: number;
}

/** Messages committed by the group and messages in the topic: summed over partitions, and per partition. */
export async function groupProgress(
  brokers: string[],
  group: string,
  topic: string,
): Promise<{ committed: number; end: number; partitions: PartitionProgress[] }> {
  const bus = await createBus({ kind: 'kafka', brokers, clientId: 'lag-probe' });
  try {
    const partitions = (await bus.admin.offsets(topic, group)).map(({ partition, committed, end }) => ({
      partition,
      committed: Number(committed ?? 0),
      end: Number(end),
    }));
    const sum = (key: 'committed' | 'end') => partitions.reduce((total, each) => total + each[key], 0);
    return { committed: sum('committed'), end: sum('end'), partitions };
  } finally {
    await bus.close();
  }
}

/**
 * Whether the group committed every partition up to its end, partition by partition. The admin
 * reads the ends before the commits, so while messages still arrive a partition can be committed
 * past the end read for it: in a sum, that surplus hid another partition still behind.
 */
export function caughtUp(partitions: PartitionProgress[]): boolean {
  return partitions.every(({ committed, end }) => committed >= end);
}

/** Resolves once the group's committed offsets reached the end of every partition of `topic`. */
export async function waitForCaughtUp(
  brokers: string[],
  group: string,
  topic: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { partitions } = await groupProgress(brokers, group, topic);
    if (caughtUp(partitions)) return;
    if (Date.now() > deadline) {
      const behind = partitions.filter(({ committed, end }) => committed < end);
      throw new Error(`group ${group} is behind on ${topic}: ${JSON.stringify(behind)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
