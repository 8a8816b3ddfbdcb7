import { setTimeout as sleep } from 'node:timers/promises';
import type { Bus } from '@quarry/bus';

export interface CommitSample {
  /** performance.now() when the offsets were read. */
  at: number;
  /** Messages committed by the group, summed over the topic's partitions. */
  committed: number;
}

/**
 * How far a consumer group stands on a topic, in messages summed over partitions. The writer commits
 * a message only once its rows are stored, and the gateway produces one message per accepted
 * request, so `committed` counts stored requests and `end` accepted ones.
 */
export async function groupProgress(
  bus: Bus,
  topic: string,
  group: string,
): Promise<{ committed: number; end: number }> {
  let committed = 0;
  let end = 0;
  for (const partition of await bus.admin.offsets(topic, group)) {
    committed += Number(partition.committed ?? 0);
    end += Number(partition.end);
  }
  return { committed, end };
}

/** Resolves once the group has committed everything the topic holds; its time (performance.now()). */
export async function untilCommitted(
  bus: Bus,
  topic: string,
  group: string,
  timeoutMs: number,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { committed, end } = await groupProgress(bus, topic, group);
    if (committed >= end) return performance.now();
    if (performance.now() > deadline) {
      throw new Error(`${group} still ${end - committed} messages behind on ${topic} after ${timeoutMs} ms`);
    }
    await sleep(100);
  }
}

/** Reads the group's progress every `everyMs` until `stop()`, which returns the samples. */
export function sampleCommits(bus: Bus, topic: string, group: string, everyMs = 50) {
  const samples: CommitSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { committed } = await groupProgress(bus, topic, group);
      samples.push({ at: performance.now(), committed });
      await sleep(everyMs);
    }
  })();
  return {
    async stop(): Promise<CommitSample[]> {
      running = false;
      await loop;
      return samples;
    },
  };
}

/**
 * The lag of each accepted request, from its 202 to the first sample whose commits cover it: the
 * k-th answer (in time) counts as stored once `baseline + k + 1` messages are committed, as the writer
 * bench counts rows. NaN for an answer no sample covers.
 */
export function commitLags(acceptedAt: number[], samples: CommitSample[], baseline: number): number[] {
  const accepted = [...acceptedAt].sort((a, b) => a - b);
  const lags: number[] = [];
  let s = 0;
  for (let k = 0; k < accepted.length; k++) {
    while (s < samples.length && (samples[s]?.committed ?? 0) - baseline < k + 1) s++;
    const sample = samples[s];
    lags.push(sample ? Math.max(0, sample.at - (accepted[k] ?? 0)) : Number.NaN);
  }
  return lags;
}
