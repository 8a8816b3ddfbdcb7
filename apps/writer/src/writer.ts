import {
  type Batch,
  type Bus,
  type BusMessage,
  BusUnavailableError,
  type Consumer,
  type Producer,
} from '@quarry/bus';
import type { Logger } from '@quarry/observability';
import { bookkeepingTableStatements, logsTableStatements, TOPICS, type Topics } from '@quarry/pipeline';
import type { Warehouse } from '@quarry/warehouse';
import { sendDeadLetters } from './dead-letters.ts';
import { type Decoded, decodeDatasetMessage, decodeSafely } from './decode.ts';
import { type DecodedLog, decodeLogBatch } from './decode-logs.ts';
import type { Outbox } from './destinations/outbox.ts';
import { DEFAULT_INSERT_PARTS, type InsertParts } from './insert-parts.ts';
import { MessageIds } from './message-ids.ts';
import type { WriterMetrics } from './metrics.ts';
import { OffsetLedger } from './offsets.ts';
import type { ProjectDirectory } from './projects.ts';
import type { Quarantine } from './quarantine.ts';
import { type RetryPolicy, retryUntilDone } from './retry.ts';
import { writeTable } from './table-writer.ts';

export interface WriterOptions {
  bus: Bus;
  warehouse: Warehouse;
  logger: Logger;
  metrics: WriterMetrics;
  groupId: string;
  maxRows: number;
  retryMaxDelayMs: number;
  /** How a chunk's insert is split into parts that run at once; DEFAULT_INSERT_PARTS when absent. */
  insertParts?: InsertParts;
  /** Defaults to the `quarry` namespace. */
  topics?: Topics;
  /** Where rows the warehouse refuses are kept (see quarantine.ts). */
  quarantine: Quarantine;
  logs: {
    directory: ProjectDirectory;
    outbox: Outbox;
    /** Called after deliveries were enqueued (and before the commit). */
    onEnqueued(): void;
  };
}

export interface RunningWriter {
  consumer: Consumer;
  /** How long the oldest retry streak of any partition (or of the start) has lasted; null when none. */
  health(): { failingSinceMs: number | null };
  stop(): Promise<void>;
}

/**
 * The writer's chain for each fetched batch: decode → group by table → insert (offset order,
 * deduplicated) → dead-letter poison → commit. Offsets are committed only after every message of
 * the batch is stored or acknowledged by the dead-letter topic; a failure leaves them uncommitted.
 * Log batches (the logs topic, same group) land in the shared `logs` table the same way, and the
 * messages of projects with another destination are put in the delivery outbox before the commit.
 */
export async function startWriter(options: WriterOptions): Promise<RunningWriter> {
  const { bus, warehouse, logger, metrics } = options;
  const consumer = bus.consumer();
  const deadLetterProducer: Producer = bus.producer();
  const ledger = new OffsetLedger(warehouse);
  const ids = new MessageIds(warehouse);
  const topics = options.topics ?? TOPICS;
  let stopping = false;
  // Partitions are written independently: one retrying (a table that cannot be written) keeps the
  // writer unready even while the others succeed. Keyed by `topic:partition`, or `setup` at start.
  const failingSince = new Map<string, number>();
  const retryPolicy = (failing: string, keepAlive?: () => Promise<void>): RetryPolicy => ({
    maxDelayMs: options.retryMaxDelayMs,
    isStopping: () => stopping,
    keepAlive,
    onRetry(error, attempt, delayMs) {
      if (!failingSince.has(failing)) failingSince.set(failing, Date.now());
      metrics.retries.inc();
      logger.warn({ err: error, attempt, delayMs, failing }, 'retrying after a failure');
    },
  });
  const baseRetry = retryPolicy('setup');

  const decodeDatasets = (messages: BusMessage[], partition: number) =>
    messages.map((message) => decodeSafely(message, () => decodeDatasetMessage(message, partition)));
  // Dataset records are decoded as soon as they are fetched, while the partition's previous batch is
  // still inserting (the engine's threads busy, this one idle); decoding is pure, so it can be early.
  const decodedAhead = new WeakMap<BusMessage[], Decoded[]>();
  const decodeAhead = (topic: string, partition: number, messages: BusMessage[]) => {
    if (topic === topics.datasets) decodedAhead.set(messages, decodeDatasets(messages, partition));
  };
  const decode = async (batch: Batch, retry: RetryPolicy): Promise<(Decoded | DecodedLog)[]> =>
    batch.topic === topics.logs
      ? retryUntilDone(
          () => decodeLogBatch(batch, options.logs.directory),
          () => false,
          retry,
        )
      : (decodedAhead.get(batch.messages) ?? decodeDatasets(batch.messages, batch.partition));

  const handleBatch = async (batch: Batch) => {
    const started = performance.now();
    // Every wait of this batch heartbeats, so a long outage does not cost the partition.
    const failing = `${batch.topic}:${batch.partition}`;
    const retry = retryPolicy(failing, () => batch.heartbeat());
    const decoded = await decode(batch, retry);
    const deadLettered = new Set<string>();
    const deadLetter = (message: BusMessage, reason: string) =>
      retryUntilDone(
        () =>
          sendDeadLetters(deadLetterProducer, topics.deadLetters, [
            { topic: batch.topic, partition: batch.partition, message, reason },
          ]),
        () => false,
        retry,
      ).then(() => {
        deadLettered.add(message.offset);
        metrics.deadLetters.inc();
        logger.warn(
          { topic: batch.topic, partition: batch.partition, offset: message.offset, reason },
          'dead-lettered',
        );
      });
    let rows = 0;
    const copies = new Set<bigint>();
    // Groups run in first-offset order; within a table, writeTable keeps dead letters in offset order.
    for (const group of groupInOrder(decoded)) {
      if (group.kind === 'poison') {
        await deadLetter(group.item.message, group.item.reason);
        continue;
      }
      const { maxRows, quarantine, insertParts = DEFAULT_INSERT_PARTS } = options;
      const topic = batch.topic;
      const write = { warehouse, ledger, ids, retry, maxRows, topic, quarantine, insertParts };
      const result = await writeTable(write, group.table, batch.partition, group.items, (item, reason) =>
        deadLetter(item.message, reason),
      );
      rows += result.rows;
      for (const offset of result.copies) copies.add(offset);
    }
    // A copy of a stored request (same message id) was delivered with the first: not again.
    const deliveries = decoded.flatMap((item) =>
      'delivery' in item &&
      item.delivery &&
      !deadLettered.has(item.message.offset) &&
      !copies.has(item.offset)
        ? [item.delivery]
        : [],
    );
    if (deliveries.length > 0) {
      await retryUntilDone(
        () => options.logs.outbox.enqueue(deliveries),
        () => false,
        retry,
      );
      options.logs.onEnqueued();
    }
    const last = batch.messages.at(-1);
    if (last) {
      const next = (BigInt(last.offset) + 1n).toString();
      await retryUntilDone(
        () => consumer.commit(batch.topic, batch.partition, next),
        () => false,
        retry,
      );
    }
    failingSince.delete(failing);
    metrics.rows.inc({ table_kind: batch.topic === topics.logs ? 'logs' : 'dataset' }, rows);
    metrics.batchRows.observe(rows);
    metrics.insertSeconds.observe((performance.now() - started) / 1000);
  };

  // In cluster mode each is a local table and its Distributed one: every statement is IF NOT EXISTS.
  const setup = [
    ...logsTableStatements(warehouse.cluster).map((sql) => ({ name: 'writer.logs_table', sql })),
    ...bookkeepingTableStatements(warehouse.cluster).map((sql) => ({
      name: 'writer.bookkeeping_table',
      sql,
    })),
  ];
  for (const { name, sql } of setup) {
    await retryUntilDone(
      () => warehouse.command({ name, sql }),
      () => false,
      baseRetry,
    );
  }
  failingSince.delete('setup');
  // A broker that cannot be reached at start is waited for, as the warehouse is: the writer stays up
  // and not ready (its `bus` check says why) instead of exiting once the client's own retries are
  // spent, which a restart would only repeat. Any other failure to join still ends the start.
  await retryUntilDone(
    () =>
      consumer.run({
        topics: [topics.datasets, topics.logs],
        groupId: options.groupId,
        onFetched: decodeAhead,
        eachBatch: (batch) =>
          handleBatch(batch).catch((error: unknown) => {
            // The bus delivers the batch again (or the group moved on): say why, it may repeat.
            logger.warn(
              { err: error, topic: batch.topic, partition: batch.partition },
              'batch given up; it will be delivered again',
            );
            throw error;
          }),
        onPartitionsAssigned: (partitions) => {
          for (const { topic, partition } of partitions) ledger.forgetPartition(topic, partition);
          logger.info({ partitions }, 'partitions assigned');
        },
        onPartitionsRevoked: (partitions) => {
          // Another writer retries them now, if it must; this one no longer answers for them.
          for (const { topic, partition } of partitions) failingSince.delete(`${topic}:${partition}`);
          logger.info({ partitions }, 'partitions revoked');
        },
      }),
    (error) => !(error instanceof BusUnavailableError),
    retryPolicy('bus'),
  );
  failingSince.delete('bus');

  const lagTimer = setInterval(() => {
    for (const entry of consumer.lag()) {
      metrics.lag.set({ topic: entry.topic, partition: String(entry.partition) }, entry.lag);
    }
  }, 5_000);
  lagTimer.unref();

  return {
    consumer,
    health: () => {
      const oldest = Math.min(...failingSince.values());
      return { failingSinceMs: Number.isFinite(oldest) ? Date.now() - oldest : null };
    },
    async stop() {
      stopping = true;
      clearInterval(lagTimer);
      await consumer.stop();
      await deadLetterProducer.close();
    },
  };
}

type Group =
  | { kind: 'poison'; item: Extract<Decoded, { ok: false }> }
  | { kind: 'table'; table: string; items: Extract<Decoded, { ok: true }>[] };

/** Groups decoded messages by table, keeping each group at the position of its first message. */
function groupInOrder(decoded: Decoded[]): Group[] {
  const groups: Group[] = [];
  const byTable = new Map<string, Extract<Group, { kind: 'table' }>>();
  for (const item of decoded) {
    if (!item.ok) {
      groups.push({ kind: 'poison', item });
      continue;
    }
    let group = byTable.get(item.table);
    if (!group) {
      group = { kind: 'table', table: item.table, items: [] };
      byTable.set(item.table, group);
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}
