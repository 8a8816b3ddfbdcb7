import type { Bus } from '@quarry/bus';
import { datasetMessageKey, MAX_MESSAGE_BYTES } from '@quarry/pipeline';

/**
 * Datasets whose keys land one on each of the `partitions` partitions, so load sent to them in turn
 * is even across partitions and so across the members of a consumer group (one busy dataset is one
 * partition, one writer). Keys are placed by producing each to an empty probe topic of that size
 * with the gateway's own producer, then reading which partition grew: no partitioner copied here.
 */
export async function datasetsOnEveryPartition(options: {
  bus: Bus;
  partitions: number;
  addDataset: () => Promise<number>;
  maxDatasets?: number;
}): Promise<{ datasetIds: number[]; created: number }> {
  const { bus, partitions } = options;
  const probe = `bench.partition-probe.${Date.now().toString(36)}`;
  await bus.admin.ensureTopics([
    { topic: probe, partitions, config: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) } },
  ]);
  const producer = bus.producer();
  const byPartition = new Map<number, number>();
  let created = 0;
  try {
    while (byPartition.size < partitions) {
      if (created >= (options.maxDatasets ?? 20 * partitions)) {
        throw new Error(`${created} datasets covered only ${byPartition.size} of ${partitions} partitions`);
      }
      const datasetId = await options.addDataset();
      created++;
      const before = await ends(bus, probe);
      await producer.send(probe, [{ key: datasetMessageKey(datasetId), value: '' }]);
      const after = await ends(bus, probe);
      const partition = after.findIndex((end, p) => end > (before[p] ?? 0));
      if (partition >= 0 && !byPartition.has(partition)) byPartition.set(partition, datasetId);
    }
  } finally {
    await producer.close();
  }
  const datasetIds = [...byPartition.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
  return { datasetIds, created };
}

async function ends(bus: Bus, topic: string): Promise<number[]> {
  const offsets = await bus.admin.offsets(topic);
  const result: number[] = [];
  for (const { partition, end } of offsets) result[partition] = Number(end);
  return result;
}
