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

/** Messages committed by the group and messages in the topic, summed over partitions. */
export async function groupProgress(
  brokers: string[],
  group: string,
  topic: string,
): Promise<{ committed: number; end: number }> {
  const bus = await createBus({ kind: 'kafka', brokers, clientId: 'lag-probe' });
  try {
    const partitions = await bus.admin.offsets(topic, group);
    const sum = (offsets: (string | null)[]) =>
      offsets.reduce((total, offset) => total + Number(offset ?? 0), 0);
    return {
      committed: sum(partitions.map(({ committed }) => committed)),
      end: sum(partitions.map(({ end }) => end)),
    };
  } finally {
    await bus.close();
  }
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
    const { committed, end } = await groupProgress(brokers, group, topic);
    if (committed >= end) return;
    if (Date.now() > deadline) throw new Error(`group ${group} committed ${committed} of ${end} messages`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
