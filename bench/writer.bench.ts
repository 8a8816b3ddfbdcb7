import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Bus, createBus } from '@quarry/bus';
import { createCatalog } from '@quarry/catalog';
import { ensureLocalServices, startKafka } from '@quarry/local-stack';
import { createLogger } from '@quarry/observability';
import { datasetMessageKey, encodeDatasetEnvelope, TOPIC_SPECS, TOPICS } from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import { createWarehouse, type Warehouse } from '@quarry/warehouse';
import { createWriter } from '@quarry/writer';
import { z } from 'zod';
import { freePort, startGatewayProcess } from './lib/gateway-process.ts';
import { openLoop } from './lib/http-load.ts';
import { BENCH_FIELDS, benchRecord, setUpIngestBench } from './lib/ingest-setup.ts';
import { percentile, report } from './lib/report.ts';

const PER_MESSAGE = 100;
const GROUP = 'quarry-writer';

/**
 * `npm run bench -- writer [--rows 1000000] [--rate 50000] [--seconds 20]`
 *
 * 1. Throughput: a topic pre-filled with `rows` rows (100-row messages of the 8-field schema) is
 *    drained by one writer into the ClickHouse engine (chDB, in this process); rows/s is measured
 *    from the writer's start until its group committed the whole topic.
 * 2. End-to-end lag: records sent through the real gateway (a child process) at a steady `rate`;
 *    lag is the time from the gateway's 202 to the moment the rows are counted in the table.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      rate: { type: 'string', default: '50000' },
      seconds: { type: 'string', default: '20' },
    },
  });
  const rows = Number(values.rows);
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);

  await ensureLocalServices();
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-writer-'));
  const kafka = await startKafka({ dataDir: join(work, 'kafka') });
  const setup = await setUpIngestBench(join(work, 'warehouse'));
  const bus = await createBus({
    kind: 'kafka',
    brokers: kafka.brokers,
    clientId: 'bench-writer',
    fetch: { minBytes: 1024 * 1024, maxBytes: 32 * 1024 * 1024, maxWaitMs: 200 },
  });
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: join(work, 'warehouse') });
  const catalog = await createCatalog({ kind: 'postgres', url: setup.databaseUrl });
  const table = `ds_${setup.datasetId}`;
  try {
    await bus.admin.ensureTopics(TOPIC_SPECS);
    console.log(`pre-filling ${TOPICS.datasets} with ${rows.toLocaleString()} rows…`);
    await prefill(bus, setup.datasetId, setup.projectId, rows);

    const logger = createLogger({ service: 'bench-writer', level: 'warn' });
    const started = performance.now();
    const { writer } = await createWriter({
      logger,
      destinationKey: randomBytes(32),
      bus,
      warehouse,
      catalog,
      groupId: GROUP,
      maxRows: 50_000,
      retryMaxDelayMs: 1_000,
    });
    await untilCaughtUp(bus);
    const drainSeconds = (performance.now() - started) / 1000;
    const stored = await count(warehouse, table);
    console.log(`drained ${stored.toLocaleString()} rows in ${drainSeconds.toFixed(1)} s`);
    if (stored !== rows) throw new Error(`expected ${rows} rows stored, found ${stored}`);

    console.log(`end-to-end lag at ${rate.toLocaleString()} records/s through the gateway for ${seconds} s…`);
    const port = await freePort();
    const gateway = await startGatewayProcess({
      port,
      logFile: join(work, 'gateway.log'),
      env: {
        KAFKA_BROKERS: kafka.brokers.join(','),
        REDIS_URL: setup.redisUrl,
        DATABASE_URL: setup.databaseUrl,
        LOG_LEVEL: 'warn',
        MAX_IN_FLIGHT: '5000',
      },
    });
    const validate = compileRecordValidator({ fields: BENCH_FIELDS });
    if (!validate(benchRecord(0)).ok) throw new Error('bench records do not match the schema');
    const body = Buffer.from(JSON.stringify(Array.from({ length: PER_MESSAGE }, (_, i) => benchRecord(i))));
    const accepted: number[] = [];
    const visible: { at: number; rows: number }[] = [];
    const base = stored;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        visible.push({ at: performance.now(), rows: (await count(warehouse, table)) - base });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const load = await openLoop(
      {
        origin: gateway.url,
        path: `/datasets/${setup.datasetId}/batch`,
        headers: { authorization: `Bearer ${setup.apiKey}`, 'content-type': 'application/json' },
        bodies: [body],
        recordsPerRequest: PER_MESSAGE,
        onAccepted: (at: number) => accepted.push(at),
      },
      { requestsPerSecond: rate / PER_MESSAGE, seconds, warmupSeconds: 0, connections: 64 },
    );
    await untilCaughtUp(bus, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    polling = false;
    await poller;
    await gateway.stop();
    await writer.stop();

    // The k-th accepted request's rows are queryable once the table holds k requests' rows.
    accepted.sort((a, b) => a - b);
    const lags = accepted.map((at, k) => {
      const seen = visible.find((sample) => sample.rows >= (k + 1) * PER_MESSAGE);
      return seen ? Math.max(0, seen.at - at) : Number.NaN;
    });
    const finite = lags.filter(Number.isFinite).sort((a, b) => a - b);
    report('writer', {
      rows,
      rows_per_s: Math.round(rows / drainSeconds),
      drain_seconds: Math.round(drainSeconds * 10) / 10,
      target_records_per_s: rate,
      sent_records_per_s: load.records_per_s,
      gateway_p99_ms: load.p99_ms,
      refused_requests: Object.values(load.refused).reduce((sum, n) => sum + n, 0),
      lag_p50_ms: Math.round(percentile(finite, 0.5)),
      lag_p99_ms: Math.round(percentile(finite, 0.99)),
      lag_samples: finite.length,
    });
  } finally {
    await catalog.close();
    await bus.close();
    await warehouse.close();
    await setup.cleanup();
    await kafka.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function prefill(bus: Bus, datasetId: number, projectId: number, rows: number): Promise<void> {
  const validate = compileRecordValidator({ fields: BENCH_FIELDS });
  const message = (n: number) => {
    const records = Array.from({ length: PER_MESSAGE }, (_, i) => {
      const result = validate(benchRecord(n * PER_MESSAGE + i));
      if (!result.ok) throw new Error(result.message);
      return result.row;
    });
    return {
      key: datasetMessageKey(datasetId),
      value: encodeDatasetEnvelope({
        datasetId,
        projectId,
        acceptedAt: new Date().toISOString(),
        traceId: `prefill-${n}`,
        rows: records,
      }),
    };
  };
  const producer = bus.producer();
  const messages = rows / PER_MESSAGE;
  for (let n = 0; n < messages; n += 100) {
    await producer.send(
      TOPICS.datasets,
      Array.from({ length: Math.min(100, messages - n) }, (_, i) => message(n + i)),
    );
  }
  await producer.close();
}

async function untilCaughtUp(bus: Bus, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const offsets = await bus.admin.offsets(TOPICS.datasets, GROUP);
    if (offsets.every(({ end, committed }) => BigInt(committed ?? '0') >= BigInt(end))) return;
    if (Date.now() > deadline) throw new Error('the writer did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function count(warehouse: Warehouse, table: string): Promise<number> {
  const [row] = await warehouse.query({
    name: 'bench.count',
    sql: `SELECT count() AS n FROM \`${table}\``,
    schema: z.object({ n: z.coerce.number() }),
  });
  return row?.n ?? 0;
}
