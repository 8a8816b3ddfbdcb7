import type { Bus } from '@quarry/bus';
import { TOPICS } from '@quarry/pipeline';

/** The writer's consumer group (its CONSUMER_GROUP default). */
const GROUP = 'quarry-writer';

export interface WriterLag {
  /** Messages (100 records each) appended but not yet committed by the writer's group. */
  datasets: number;
  logs: number;
}

/** Consumer-group lag from the broker's view: end offsets minus the group's committed offsets. */
export async function writerLag(bus: Bus): Promise<WriterLag> {
  const behind = async (topic: string) => {
    let total = 0n;
    for (const { end, committed } of await bus.admin.offsets(topic, GROUP)) {
      total += BigInt(end) - BigInt(committed ?? '0');
    }
    return Number(total);
  };
  return { datasets: await behind(TOPICS.datasets), logs: await behind(TOPICS.logs) };
}

/** Messages in the dead-letter topic: each one is a message the writer could not store. */
export async function deadLetters(bus: Bus): Promise<number> {
  let total = 0n;
  for (const { end } of await bus.admin.offsets(TOPICS.deadLetters)) total += BigInt(end);
  return Number(total);
}

/** Polls until the writer's group has committed everything, or throws after `timeoutMs`. */
export async function untilCaughtUp(bus: Bus, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const lag = await writerLag(bus);
    if (lag.datasets <= 0 && lag.logs <= 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) {
      throw new Error(`the writer did not catch up within ${timeoutMs / 1000} s: ${JSON.stringify(lag)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
