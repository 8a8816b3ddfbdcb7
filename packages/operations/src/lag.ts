import type { Bus } from '@quarry/bus';

export interface PartitionLagInfo {
  topic: string;
  partition: number;
  end: string;
  committed: string | null;
  lag: number;
}

/** How far a consumer group trails each partition of the given topics. */
export async function consumerLag(bus: Bus, groupId: string, topics: string[]): Promise<PartitionLagInfo[]> {
  const rows: PartitionLagInfo[] = [];
  for (const topic of topics) {
    for (const { partition, end, committed } of await bus.admin.offsets(topic, groupId)) {
      rows.push({ topic, partition, end, committed, lag: Number(BigInt(end) - BigInt(committed ?? '0')) });
    }
  }
  return rows;
}
