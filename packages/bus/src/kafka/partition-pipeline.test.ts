import { describe, expect, it } from 'vitest';
import { RebalanceError } from '../errors.ts';
import type { Batch, BusMessage } from '../types.ts';
import { type Fetched, PartitionPipeline, type PipelineOwner } from './partition-pipeline.ts';

const message = (offset: number): BusMessage => ({
  offset: String(offset),
  key: 'k',
  value: Buffer.from(String(offset)),
  headers: {},
  timestamp: 0,
});
const fetched = (...offsets: number[]): Fetched => ({ messages: offsets.map(message), highWatermark: '100' });

/** A pipeline whose owner records what happens and hands each batch to `handle`. */
function pipelineWith(handle: (batch: Batch) => Promise<void>) {
  const delivered: string[][] = [];
  const failures: unknown[] = [];
  let wants = 0;
  const owner: PipelineOwner = {
    eachBatch: (batch) => {
      delivered.push(batch.messages.map(({ offset }) => offset));
      return handle(batch);
    },
    wantsRecords: () => void wants++,
    delivering: () => undefined,
    failed: (_batch, error) => void failures.push(error),
  };
  const pipeline = new PartitionPipeline({ topic: 't', partition: 0 }, owner);
  return { pipeline, delivered, failures, wants: () => wants };
}

/** A pipeline whose batches are held until release() is called. */
function heldPipeline() {
  let release: () => void = () => {};
  const held = pipelineWith(
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
      }),
  );
  return { ...held, release: () => release() };
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2_000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('PartitionPipeline', () => {
  it('starts at the committed offset and fetches the next batch while one is handled', async () => {
    const { pipeline, delivered, release } = heldPipeline();
    pipeline.start(5n);
    await until(() => pipeline.wantsRecords());
    expect(pipeline.position).toBe(5n);
    pipeline.offer(5n, fetched(5, 6), 7n);
    await until(() => delivered.length === 1);
    expect(pipeline.wantsRecords()).toBe(true); // one batch fetched ahead
    pipeline.offer(7n, fetched(7), 8n);
    expect(pipeline.wantsRecords()).toBe(false); // no more until the batch in hand ends
    release();
    await until(() => delivered.length === 2);
    expect(delivered).toEqual([['5', '6'], ['7']]);
  });

  it('hands records fetched ahead to the owner while the batch in hand is still handled', async () => {
    let release: () => void = () => {};
    const early: BusMessage[][] = [];
    const batches: BusMessage[][] = [];
    const owner: PipelineOwner = {
      eachBatch: (batch) => {
        batches.push(batch.messages);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      wantsRecords: () => undefined,
      delivering: () => undefined,
      failed: () => undefined,
      fetched: (_topic, _partition, messages) => void early.push(messages),
    };
    const pipeline = new PartitionPipeline({ topic: 't', partition: 0 }, owner);
    pipeline.start(0n);
    await until(() => pipeline.wantsRecords());
    pipeline.offer(0n, fetched(0), 1n);
    await until(() => batches.length === 1);
    pipeline.offer(1n, fetched(1), 2n);
    expect(early.length).toBe(2); // the second batch's records, while the first is in hand
    expect(batches.length).toBe(1);
    release();
    await until(() => batches.length === 2);
    expect(batches[1]).toBe(early[1]); // the same array the batch then carries
    release();
    pipeline.retire();
  });

  it('fetches after the batch in hand, not ahead of it, once the partition has caught up', async () => {
    const { pipeline, delivered, release } = heldPipeline();
    pipeline.start(0n);
    await until(() => pipeline.wantsRecords());
    pipeline.offer(0n, { messages: [message(0), message(1)], highWatermark: '2' }, 2n);
    await until(() => delivered.length === 1);
    expect(pipeline.wantsRecords()).toBe(false);
    release();
    await until(() => pipeline.wantsRecords());
    expect(pipeline.position).toBe(2n);
  });

  it('ignores records fetched for a position it has given up since', async () => {
    const { pipeline, delivered } = pipelineWith(async () => undefined);
    pipeline.start(10n);
    await until(() => pipeline.wantsRecords());
    pipeline.offer(3n, fetched(3, 4), 5n);
    expect(pipeline.position).toBe(10n);
    expect(delivered).toEqual([]);
  });

  it('delivers a batch that threw again from its first offset, dropping what was fetched after it', async () => {
    let attempts = 0;
    const { pipeline, delivered, failures } = pipelineWith(async () => {
      if (++attempts === 1) throw new Error('table unavailable');
    });
    pipeline.start(0n);
    await until(() => pipeline.wantsRecords());
    pipeline.offer(0n, fetched(0, 1), 2n);
    await until(() => failures.length === 1);
    expect(pipeline.position).toBeUndefined(); // nothing is fetched during the backoff
    await until(() => pipeline.position === 0n);
    pipeline.offer(0n, fetched(0, 1), 2n);
    await until(() => delivered.length === 2);
    expect(delivered).toEqual([
      ['0', '1'],
      ['0', '1'],
    ]);
  });

  it('fences the batch in hand once revoked: its heartbeat rejects and nothing more is delivered', async () => {
    let hand: Batch | undefined;
    let release: () => void = () => {};
    const { pipeline, delivered } = pipelineWith(async (batch) => {
      hand = batch;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    pipeline.start(0n);
    await until(() => pipeline.wantsRecords());
    pipeline.offer(0n, fetched(0), 1n);
    await until(() => hand !== undefined);
    await expect(hand?.heartbeat()).resolves.toBeUndefined();
    pipeline.revoke();
    await expect(hand?.heartbeat()).rejects.toBeInstanceOf(RebalanceError);
    expect(pipeline.wantsRecords()).toBe(false);
    release();
    await pipeline.done;
    expect(delivered).toHaveLength(1);
  });

  it('measures how long the batch in hand has been silent, and ends at once when never started', async () => {
    const { pipeline: idle } = pipelineWith(async () => undefined);
    idle.retire();
    await idle.done;

    let hand: Batch | undefined;
    const { pipeline } = pipelineWith(async (batch) => {
      hand = batch;
      await new Promise(() => undefined); // a call that never returns
    });
    pipeline.start(0n);
    await until(() => pipeline.wantsRecords());
    expect(pipeline.silentForMs(Date.now() + 10_000)).toBe(0);
    pipeline.offer(0n, fetched(0), 1n);
    await until(() => hand !== undefined);
    expect(pipeline.silentForMs(Date.now() + 10_000)).toBeGreaterThanOrEqual(10_000);
    await hand?.heartbeat();
    expect(pipeline.silentForMs(Date.now())).toBeLessThan(1_000);
  });
});
