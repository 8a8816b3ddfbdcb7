import type { Bus, BusMessage, Consumer, ConsumerRunOptions } from '../types.ts';

export interface Consumption {
  consumer: Consumer;
  /** every record delivered so far, in delivery order */
  received: BusMessage[];
  /** resolves once at least `count` records were delivered */
  waitFor(count: number, timeoutMs?: number): Promise<BusMessage[]>;
}

/** Starts a consumer that records what it is given and commits nothing unless told to. */
export async function startConsuming(
  bus: Bus,
  options: Omit<ConsumerRunOptions, 'eachBatch'> & { commitEachBatch?: boolean },
): Promise<Consumption> {
  const consumer = bus.consumer();
  const received: BusMessage[] = [];
  const waiters = new Set<() => void>();
  await consumer.run({
    ...options,
    async eachBatch(batch) {
      received.push(...batch.messages);
      const last = batch.messages.at(-1);
      if (options.commitEachBatch && last) {
        await consumer.commit(batch.topic, batch.partition, String(BigInt(last.offset) + 1n));
      }
      for (const wake of waiters) wake();
    },
  });
  const waitFor = (count: number, timeoutMs = 20_000) =>
    new Promise<BusMessage[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`expected ${count} records within ${timeoutMs} ms, got ${received.length}`));
      }, timeoutMs);
      const check = () => {
        if (received.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(received.slice());
      };
      waiters.add(check);
      check();
    });
  return { consumer, received, waitFor };
}
