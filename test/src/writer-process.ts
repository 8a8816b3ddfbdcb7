import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { localStack, testDestinationKey } from '@quarry/testkit';
import { Kafka, logLevel } from 'kafkajs';
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
  const admin = new Kafka({ clientId: 'lag-probe', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committed = (offsets?.partitions ?? []).reduce(
      (sum, { offset }) => sum + Math.max(0, Number(offset)),
      0,
    );
    return { committed, end: ends.reduce((sum, { high }) => sum + Number(high), 0) };
  } finally {
    await admin.disconnect();
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
