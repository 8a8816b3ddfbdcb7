import { randomBytes } from 'node:crypto';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppProcess, freePort, startGatewayProcess, startLaunchedApp } from './gateway-process.ts';
import { socketsOnPort } from './tcp-sockets.ts';

export interface TopologyOptions {
  gateways: number;
  writers: number;
  /** KAFKA_TOPIC_NAMESPACE of this topology: its topics are its own on the shared broker. */
  namespace: string;
  group: string;
  brokers: string[];
  databaseUrl: string;
  redisUrl: string;
  /** A closed chDB directory holding the datasets' tables; each writer gets a copy of its own. */
  warehouseTemplate: string;
  /** Where logs and the writers' chDB directories go; names start with `label`. */
  work: string;
  label: string;
}

export interface WriterFigures {
  /** Rows stored in dataset tables (quarry_writer_rows_total). */
  rows: number;
  /** Fetched batches handled, and the rows they held (quarry_writer_batch_rows). */
  batches: number;
  batchRows: number;
}

export interface Topology {
  /** The one address every gateway listens on. */
  url: string;
  port: number;
  gateways: AppProcess[];
  writers: AppProcess[];
  /** What each writer says it did, from its /metrics. */
  writerFigures(): Promise<WriterFigures[]>;
  stop(): Promise<void>;
}

/**
 * `gateways` production gateway processes bound to one port with SO_REUSEPORT (HTTP_REUSE_PORT), so
 * the kernel spreads connections among them, and `writers` production writer processes in one
 * consumer group. chDB allows one process per data directory, so each writer stores into a copy of
 * the template; a ClickHouse server would be shared, and the group splits the partitions either way.
 */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const shared = {
    KAFKA_BROKERS: options.brokers.join(','),
    KAFKA_TOPIC_NAMESPACE: options.namespace,
    DATABASE_URL: options.databaseUrl,
    LOG_LEVEL: 'info',
  };
  const destinationKey = randomBytes(32).toString('base64');
  const writers = await Promise.all(
    Array.from({ length: options.writers }, async (_, i) => {
      const dataDir = join(options.work, `${options.label}-writer-${i}`);
      await cp(options.warehouseTemplate, dataDir, { recursive: true });
      return startLaunchedApp('writer', {
        port: await freePort(),
        portVariable: 'HEALTH_PORT',
        env: {
          ...shared,
          CONSUMER_GROUP: options.group,
          WAREHOUSE_DATA_DIR: dataDir,
          DESTINATION_ENCRYPTION_KEY: destinationKey,
        },
        logFile: join(options.work, `${options.label}-writer-${i}.log`),
        readyTimeoutMs: 120_000,
      });
    }),
  );
  const port = await freePort();
  const gateways: AppProcess[] = [];
  for (let i = 0; i < options.gateways; i++) {
    const gateway = await startGatewayProcess({
      port,
      env: {
        ...shared,
        REDIS_URL: options.redisUrl,
        HTTP_REUSE_PORT: options.gateways > 1 ? 'true' : 'false',
      },
      logFile: join(options.work, `${options.label}-gateway-${i}.log`),
    });
    // Its /readyz may have been answered by a gateway bound before it: wait for its own listener.
    await untilListening(gateway, port);
    gateways.push(gateway);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    gateways,
    writers,
    writerFigures: () => Promise.all(writers.map((writer) => writerFigures(writer.url))),
    async stop() {
      await Promise.all(gateways.map((gateway) => gateway.stop()));
      await Promise.all(writers.map((writer) => writer.stop()));
    },
  };
}

async function untilListening(app: AppProcess, port: number): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (socketsOnPort(app.pid, port).listening === 0) {
    const code = app.exitCode();
    if (code !== null) throw new Error(`gateway ${app.pid} exited with code ${code} before binding ${port}`);
    if (performance.now() > deadline) throw new Error(`gateway ${app.pid} did not bind ${port} within 60 s`);
    await sleep(100);
  }
}

async function writerFigures(healthUrl: string): Promise<WriterFigures> {
  const metrics = await (await fetch(`${healthUrl}/metrics`)).text();
  // Labels come in any order (the registry adds `service`): match by name and label, take the value.
  const value = (name: string, label = '') => {
    const line = metrics.split('\n').find((text) => text.startsWith(name) && text.includes(label));
    return Number(line?.split(' ').at(-1) ?? 0);
  };
  return {
    rows: value('quarry_writer_rows_total{', 'table_kind="dataset"'),
    batches: value('quarry_writer_batch_rows_count'),
    batchRows: value('quarry_writer_batch_rows_sum'),
  };
}
