import type { Consumer as KafkaConsumer } from '@platformatic/kafka';
import type { BusMessage } from '../types.ts';
import type { PartitionPipeline } from './partition-pipeline.ts';

export interface FetchTuning {
  minBytes: number;
  maxBytes: number;
  maxWaitTimeMs: number;
}

type RecordBatches = NonNullable<
  Awaited<ReturnType<KafkaConsumer['fetch']>>['responses'][number]['partitions'][number]['records']
>;

// Transaction markers, not records (Quarry does not produce transactionally, but a cluster may).
const CONTROL_BATCH = 0x20;

/**
 * One fetch round: asks each partition's leader for the records after the pipelines' positions, in
 * one request per leader, and hands every partition's records to its pipeline. Pipelines that are
 * busy are simply not asked for, so the broker keeps their records until they want them.
 */
export async function fetchRound(
  member: KafkaConsumer,
  pipelines: PartitionPipeline[],
  tuning: FetchTuning,
): Promise<void> {
  const topics = [...new Set(pipelines.map((pipeline) => pipeline.topic))];
  const metadata = await member.metadata({ topics });
  const byLeader = new Map<number, { topicId: string; pipeline: PartitionPipeline; from: bigint }[]>();
  for (const pipeline of pipelines) {
    const topic = metadata.topics.get(pipeline.topic);
    const leader = topic?.partitions[pipeline.partition]?.leader;
    if (topic === undefined || leader === undefined || pipeline.position === undefined) continue;
    const wanted = byLeader.get(leader) ?? [];
    wanted.push({ topicId: topic.id, pipeline, from: pipeline.position });
    byLeader.set(leader, wanted);
  }
  await Promise.all(
    [...byLeader].map(async ([node, wanted]) => {
      const topicIds = [...new Set(wanted.map((entry) => entry.topicId))];
      const response = await member.fetch({
        node,
        minBytes: tuning.minBytes,
        maxBytes: tuning.maxBytes,
        maxWaitTime: tuning.maxWaitTimeMs,
        topics: topicIds.map((topicId) => ({
          topicId,
          partitions: wanted
            .filter((entry) => entry.topicId === topicId)
            .map(({ pipeline, from }) => ({
              partition: pipeline.partition,
              fetchOffset: from,
              // One partition may fill a whole fetch: the writer's batches are per partition.
              partitionMaxBytes: tuning.maxBytes,
              currentLeaderEpoch: -1,
              lastFetchedEpoch: -1,
            })),
        })),
      });
      for (const topic of response.responses) {
        for (const answer of topic.partitions) {
          // The broker's fetch session may also answer for partitions not asked for this round.
          const entry = wanted.find(
            ({ topicId, pipeline }) =>
              topicId === topic.topicId && pipeline.partition === answer.partitionIndex,
          );
          if (!entry) continue;
          const { messages, next } = decodeRecords(answer.records ?? [], entry.from);
          entry.pipeline.offer(entry.from, { messages, highWatermark: String(answer.highWatermark) }, next);
        }
      }
    }),
  );
}

/** The records at or after `from` (a compressed batch may start before it), and the offset after the last. */
export function decodeRecords(
  batches: RecordBatches,
  from: bigint,
): { messages: BusMessage[]; next: bigint } {
  const messages: BusMessage[] = [];
  let next = from;
  for (const batch of batches) {
    const end = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (end > next) next = end;
    if (batch.attributes & CONTROL_BATCH) continue;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < from) continue;
      const headers: Record<string, string> = {};
      for (const [name, value] of record.headers) {
        if (name !== null && value !== null) headers[name.toString()] = value.toString();
      }
      messages.push({
        offset: offset.toString(),
        key: record.key?.toString() ?? '',
        value: record.value ?? Buffer.alloc(0),
        headers,
        timestamp: Number(batch.firstTimestamp + record.timestampDelta),
      });
    }
  }
  return { messages, next };
}
