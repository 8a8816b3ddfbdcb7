import type { Bus, BusMessage, Consumer } from '@quarry/bus';

export interface ReadMessage {
  partition: number;
  message: BusMessage;
}

/**
 * Reads `topic` as consumer group `groupId` from its committed position (or the start) up to where
 * each partition ended when the call began, handing over one message at a time in order. `handle`
 * returning true commits past that message.
 */
export async function readUntilEnd(
  bus: Bus,
  topic: string,
  groupId: string,
  handle: (read: ReadMessage, consumer: Consumer) => Promise<boolean>,
): Promise<void> {
  const positions = await bus.admin.offsets(topic, groupId);
  const remaining = new Map(
    positions
      .filter(({ end, committed }) => BigInt(committed ?? '0') < BigInt(end))
      .map(({ partition, end }) => [partition, BigInt(end)]),
  );
  if (remaining.size === 0) return;
  const consumer = bus.consumer();
  let finish: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  await consumer.run({
    topics: [topic],
    groupId,
    eachBatch: async ({ partition, messages }) => {
      const end = remaining.get(partition);
      if (end === undefined) return;
      try {
        for (const message of messages) {
          if (BigInt(message.offset) >= end) break;
          if (await handle({ partition, message }, consumer)) {
            await consumer.commit(topic, partition, (BigInt(message.offset) + 1n).toString());
          }
          if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
        }
        if (remaining.size === 0) finish();
      } catch (error) {
        fail(error);
      }
    },
  });
  try {
    await done;
  } finally {
    await consumer.stop();
  }
}
