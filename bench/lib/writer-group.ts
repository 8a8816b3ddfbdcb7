import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppProcess, cpuSeconds, freePort, startLaunchedApp } from './gateway-process.ts';

export interface WriterGroup {
  members: AppProcess[];
  /** CPU seconds (user + system) all members used so far, from /proc. */
  cpuSeconds(): number;
  /** Dataset rows each member stored so far (its `quarry_writer_rows_total`). */
  datasetRows(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * `count` writers (apps/writer/src/server.ts, each a process) in one consumer group, each on a chDB
 * directory of its own copied from `warehouseTemplate` (chDB lets one process open a directory; a
 * ClickHouse server would serve them all). Resolves once the group's assignment is settled: all
 * `partitions` (summed over the topics) owned, every member holding some, so nothing moves mid-run.
 */
export async function startWriterGroup(options: {
  count: number;
  partitions: number;
  brokers: string[];
  namespace: string;
  group: string;
  databaseUrl: string;
  warehouseTemplate: string;
  workDir: string;
  nodeFlags?: (member: number) => string[];
  /** More writer configuration, e.g. BATCH_MAX_BYTES. */
  env?: Record<string, string>;
}): Promise<WriterGroup> {
  const logFiles = Array.from({ length: options.count }, (_, n) => join(options.workDir, `writer-${n}.log`));
  const members = await Promise.all(
    logFiles.map(async (logFile, n) => {
      const warehouseDir = join(options.workDir, `warehouse-${n}`);
      await cp(options.warehouseTemplate, warehouseDir, { recursive: true });
      return startLaunchedApp('writer', {
        port: await freePort(),
        portVariable: 'HEALTH_PORT',
        logFile,
        nodeFlags: options.nodeFlags?.(n) ?? [],
        // Loading chDB and the TypeScript sources takes minutes at a load average of 50.
        readyTimeoutMs: 240_000,
        env: {
          KAFKA_BROKERS: options.brokers.join(','),
          KAFKA_TOPIC_NAMESPACE: options.namespace,
          CONSUMER_GROUP: options.group,
          WAREHOUSE_DATA_DIR: warehouseDir,
          DATABASE_URL: options.databaseUrl,
          DESTINATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          // info: the assignment lines the settle check reads.
          LOG_LEVEL: 'info',
          ...options.env,
        },
      });
    }),
  );
  const group: WriterGroup = {
    members,
    cpuSeconds: () => members.reduce((sum, member) => sum + cpuSeconds(member.pid), 0),
    datasetRows: () => Promise.all(members.map((member) => datasetRowsOf(member.url))),
    async stop() {
      await Promise.all(members.map((member) => member.stop()));
    },
  };
  try {
    await untilSettled(logFiles, options.partitions, 60_000);
  } catch (error) {
    await group.stop();
    throw error;
  }
  return group;
}

async function untilSettled(logFiles: string[], partitions: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = logFiles.map(heldPartitions);
    const total = held.reduce((sum, owned) => sum + owned.size, 0);
    const union = new Set(held.flatMap((owned) => [...owned]));
    if (held.every((owned) => owned.size > 0) && total === partitions && union.size === partitions) return;
    if (Date.now() > deadline) throw new Error(`writers hold ${total} of ${partitions} partitions`);
    await sleep(200);
  }
}

/** The partitions a writer holds now, replayed from its `partitions assigned/revoked` log lines. */
function heldPartitions(logFile: string): Set<string> {
  const held = new Set<string>();
  // Complete lines only: the last one may still be being written.
  for (const line of readFileSync(logFile, 'utf8').split('\n').slice(0, -1)) {
    if (!line.includes('"msg":"partitions ')) continue;
    const entry = JSON.parse(line) as { msg: string; partitions?: { topic: string; partition: number }[] };
    for (const { topic, partition } of entry.partitions ?? []) {
      if (entry.msg === 'partitions assigned') held.add(`${topic}:${partition}`);
      if (entry.msg === 'partitions revoked') held.delete(`${topic}:${partition}`);
    }
  }
  return held;
}

async function datasetRowsOf(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^quarry_writer_rows_total\{[^}]*table_kind="dataset"[^}]*\} (\d+)/m.exec(text);
  return Number(match?.[1] ?? 0);
}
