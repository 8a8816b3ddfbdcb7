import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_SYSTEM_COLUMNS, datasetTableDdl, encodeDatasetEnvelope } from '@quarry/pipeline';
import { compileRecordValidator } from '@quarry/schema';
import { createWarehouse, type EncodedRows, type Warehouse } from '@quarry/warehouse';
import { spliceDatasetEnvelope } from '../apps/writer/src/dataset-splice.ts';
import { encodeRows, SplicedRows } from '../apps/writer/src/row-lines.ts';
import { BENCH_FIELDS, benchRecord } from './lib/ingest-setup.ts';
import { report } from './lib/report.ts';
import { threadCpu } from './lib/thread-cpu.ts';

const PER_MESSAGE = 100;
// The table's column order, which JSONCompactEachRow follows.
const COLUMNS = [...Object.keys(DATASET_SYSTEM_COLUMNS), ...Object.keys(BENCH_FIELDS)];

/**
 * `npm run bench -- insert-format [--rows 200000] [--chunk 50000] [--rounds 2]`
 *
 * How the writer's rows reach the engine, in this process on chDB, each way interleaved per round:
 * JavaScript CPU (this process's main thread) and engine CPU (its other threads) per 1,000 rows,
 * from the same Kafka message bytes to rows stored (merges stopped, so they do not bleed between).
 * - objects: parse each message, spread each row with the writer's columns, the client serializes
 *   them as JSONEachRow into the SQL text (the writer before issue 19);
 * - restringified: the same objects serialized by us, handed over as bytes (raw insert);
 * - compact: parse, one array per row in column order, JSONCompactEachRow as bytes;
 * - spliced: the rows' own bytes with the writer's columns appended, JSONEachRow as bytes (now);
 * - spliced-basic: the same with date_time_input_format=basic instead of best_effort.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '200000' },
      chunk: { type: 'string', default: '50000' },
      rounds: { type: 'string', default: '2' },
    },
  });
  const rows = Number(values.rows);
  const chunk = Number(values.chunk);
  const messages = makeMessages(rows);
  const work = await mkdtemp(join(tmpdir(), 'quarry-bench-insert-format-'));
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: join(work, 'warehouse') });
  const figures: Record<string, number | string> = { rows, chunk_rows: chunk };
  try {
    const loadBefore = loadavg()[0] ?? Number.NaN;
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const [name, encode] of Object.entries(WAYS)) {
        const table = `fmt_${name.replace('-', '_')}_${round}`;
        await warehouse.command({
          name: 'bench.create',
          sql: datasetTableDdl(1, { fields: BENCH_FIELDS }).replace('`ds_1`', table),
        });
        await warehouse.command({ name: 'bench.stop_merges', sql: `SYSTEM STOP MERGES ${table}` });
        const cost = await measure(() => insertAll(warehouse, table, messages, chunk, encode));
        const per1000 = (seconds: number) => Math.round((seconds * 1e8) / rows) / 100;
        figures[`${name}_r${round}_js_cpu_ms_per_1000_rows`] = per1000(cost.main);
        figures[`${name}_r${round}_engine_cpu_ms_per_1000_rows`] = per1000(cost.total - cost.main);
        figures[`${name}_r${round}_wall_ms_per_1000_rows`] = per1000(cost.wall);
        log(
          `round ${round} ${name}: JS ${per1000(cost.main)} ms, engine ${per1000(cost.total - cost.main)} ms, wall ${per1000(cost.wall)} ms per 1,000 rows`,
        );
      }
    }
    figures.load_avg_1m_before = Math.round(loadBefore * 10) / 10;
    figures.load_avg_1m_after = Math.round((loadavg()[0] ?? Number.NaN) * 10) / 10;
    report('insert-format', figures);
  } finally {
    await warehouse.close();
    await rm(work, { recursive: true, force: true });
  }
}

type Way = (
  messages: Buffer[],
  partition: number,
) => { rows?: Record<string, unknown>[]; encoded?: EncodedRows; settings?: 'basic' };

const parseRows = (messages: Buffer[], partition: number) =>
  messages.flatMap((value, offset) => {
    const envelope = JSON.parse(value.toString('utf8')) as {
      acceptedAt: string;
      traceId: string;
      rows: object[];
    };
    return envelope.rows.map(
      (row, index): Record<string, unknown> => ({
        ...row,
        __traceId: envelope.traceId,
        __ingestedAt: envelope.acceptedAt,
        __sourcePartition: partition,
        __sourceOffset: String(offset),
        __sourceIndex: index,
      }),
    );
  });

const spliced = (messages: Buffer[], partition: number, basicTimes = false) => {
  const lines = messages.flatMap((value, offset) => {
    const result = spliceDatasetEnvelope(value);
    if (!result.ok) throw new Error(result.reason);
    const { envelope } = result;
    // `basic` parsing takes `YYYY-MM-DD hh:mm:ss.sss` only: the accept time is rewritten once per message.
    const acceptedAt = basicTimes
      ? envelope.acceptedAt.replace('T', ' ').replace('Z', '')
      : envelope.acceptedAt;
    const rows = new SplicedRows(envelope, {
      traceId: envelope.traceId,
      acceptedAt,
      partition,
      offset: String(offset),
    });
    return Array.from({ length: rows.length }, (_, index) => ({ lines: rows, index }));
  });
  return { format: 'JSONEachRow' as const, bytes: encodeRows(lines) };
};

const WAYS: Record<string, Way> = {
  objects: (messages, partition) => ({ rows: parseRows(messages, partition) }),
  restringified: (messages, partition) => ({
    encoded: {
      format: 'JSONEachRow',
      bytes: Buffer.from(
        parseRows(messages, partition)
          .map((row) => `${JSON.stringify(row)}\n`)
          .join(''),
      ),
    },
  }),
  compact: (messages, partition) => ({
    encoded: {
      format: 'JSONCompactEachRow',
      bytes: Buffer.from(
        parseRows(messages, partition)
          .map((row) => `${JSON.stringify(COLUMNS.map((column) => row[column]))}\n`)
          .join(''),
      ),
    },
  }),
  spliced: (messages, partition) => ({ encoded: spliced(messages, partition) }),
  'spliced-basic': (messages, partition) => ({
    encoded: spliced(messages, partition, true),
    settings: 'basic',
  }),
};

async function insertAll(warehouse: Warehouse, table: string, messages: Buffer[], chunk: number, way: Way) {
  const perChunk = Math.max(1, Math.floor(chunk / PER_MESSAGE));
  for (let first = 0; first < messages.length; first += perChunk) {
    const { rows, encoded, settings } = way(messages.slice(first, first + perChunk), 0);
    const dedupToken = `${table}:${first}`;
    if (encoded)
      await warehouse.insert({
        table,
        encoded,
        dedupToken,
        ...(settings ? { dateTimeInputFormat: settings } : {}),
      });
    else await warehouse.insert({ table, rows: rows ?? [], dedupToken });
  }
}

/** CPU of this process (all threads) and of its main thread, and wall time, around `work`. */
async function measure(work: () => Promise<void>) {
  const mainBefore = threadCpu(process.pid).get(process.pid)?.seconds ?? 0;
  const before = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(before);
  const main = (threadCpu(process.pid).get(process.pid)?.seconds ?? 0) - mainBefore;
  return { total: (used.user + used.system) / 1e6, main, wall: (performance.now() - started) / 1000 };
}

function makeMessages(rows: number): Buffer[] {
  const validate = compileRecordValidator({ fields: BENCH_FIELDS });
  return Array.from({ length: Math.ceil(rows / PER_MESSAGE) }, (_, n) => {
    const records = Array.from({ length: PER_MESSAGE }, (_, i) => {
      const result = validate(benchRecord(n * PER_MESSAGE + i));
      if (!result.ok) throw new Error(result.message);
      return result.row;
    });
    const acceptedAt = new Date().toISOString();
    return Buffer.from(
      encodeDatasetEnvelope({ datasetId: 1, projectId: 1, acceptedAt, traceId: `req_${n}`, rows: records }),
    );
  });
}

function log(line: string): void {
  process.stderr.write(`[bench insert-format] ${line}\n`);
}
