import type { PartitionLag, TopicPartition } from './types.ts';

interface PartitionProgress {
  highWatermark: bigint;
  committed: bigint;
}

/**
 * Lag per owned partition from what the consumer itself saw: the high watermark of the latest batch and
 * the latest commit. Until the first commit, the offset delivery started from counts as committed.
 */
export class LagTracker {
  #partitions = new Map<string, PartitionProgress & TopicPartition>();

  assign(partitions: TopicPartition[]): void {
    this.#partitions.clear();
    for (const { topic, partition } of partitions) {
      this.#partitions.set(`${topic}:${partition}`, { topic, partition, highWatermark: -1n, committed: -1n });
    }
  }

  observeBatch(topic: string, partition: number, firstOffset: string, highWatermark: string): void {
    const progress = this.#partitions.get(`${topic}:${partition}`);
    if (!progress) return;
    progress.highWatermark = BigInt(highWatermark);
    if (progress.committed < 0n) progress.committed = BigInt(firstOffset);
  }

  observeCommit(topic: string, partition: number, nextOffset: string): void {
    const progress = this.#partitions.get(`${topic}:${partition}`);
    if (progress) progress.committed = BigInt(nextOffset);
  }

  snapshot(): PartitionLag[] {
    return [...this.#partitions.values()]
      .filter((progress) => progress.highWatermark >= 0n)
      .map(({ topic, partition, highWatermark, committed }) => ({
        topic,
        partition,
        highWatermark: highWatermark.toString(),
        committedOffset: committed.toString(),
        lag: Number(highWatermark > committed ? highWatermark - committed : 0n),
      }));
  }
}
