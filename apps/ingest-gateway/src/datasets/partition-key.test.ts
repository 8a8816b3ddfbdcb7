import { datasetMessageKey } from '@quarry/pipeline';
import { describe, expect, it } from 'vitest';
import { DatasetPartitionKeys, type HotDatasetSettings } from './partition-key.ts';

const settings: HotDatasetSettings = {
  recordsPerSecond: 1_000,
  burstRecords: 1_000,
  keys: 4,
  holdMs: 10_000,
  maxTracked: 100,
};

function keysAt(overrides: Partial<HotDatasetSettings> = {}) {
  const clock = { now: 0 };
  const hot: number[] = [];
  const keys = new DatasetPartitionKeys(
    { ...settings, ...overrides },
    { now: () => clock.now, onHot: (datasetId) => hot.push(datasetId) },
  );
  return { keys, clock, hot };
}

describe('the partition key of a dataset message', () => {
  it('keeps one key for a dataset under its rate, bursts included', () => {
    const { keys, clock } = keysAt();
    expect(keys.keyFor(7, 1_000)).toBe(datasetMessageKey(7));
    for (let second = 1; second <= 30; second++) {
      clock.now = second * 1_000;
      expect(keys.keyFor(7, 900)).toBe('dataset:7');
    }
  });

  it('spreads a dataset over its keys in turn once it passes the rate, its own key among them', () => {
    const { keys } = keysAt();
    expect(keys.keyFor(7, 1_000)).toBe('dataset:7');
    const spread = Array.from({ length: 8 }, () => keys.keyFor(7, 100));
    expect(spread).toEqual([
      'dataset:7',
      'dataset:7:1',
      'dataset:7:2',
      'dataset:7:3',
      'dataset:7',
      'dataset:7:1',
      'dataset:7:2',
      'dataset:7:3',
    ]);
  });

  it('leaves other datasets on their one key while one is hot', () => {
    const { keys } = keysAt();
    keys.keyFor(7, 1_000);
    keys.keyFor(7, 1_000);
    expect(keys.keyFor(7, 1)).toBe('dataset:7:1');
    expect(keys.keyFor(8, 500)).toBe('dataset:8');
    expect(keys.keyFor(8, 500)).toBe('dataset:8');
  });

  it('sends every copy of a request with an id to one key, and different ids to several', () => {
    const { keys } = keysAt();
    keys.keyFor(7, 5_000);
    const ids = Array.from({ length: 40 }, (_, n) => `message-${n}`);
    const first = ids.map((id) => keys.keyFor(7, 10, id));
    const again = ids.map((id) => keys.keyFor(7, 10, id));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(4);
  });

  it('goes back to one key once the dataset stayed under its rate for the hold time', () => {
    const { keys, clock } = keysAt();
    keys.keyFor(7, 5_000);
    clock.now = 9_000;
    expect(keys.keyFor(7, 1)).toBe('dataset:7:1');
    clock.now = 10_001;
    expect(keys.keyFor(7, 1)).toBe('dataset:7');
  });

  it('stays hot while the dataset keeps passing its rate, and says so once', () => {
    const { keys, clock, hot } = keysAt({ holdMs: 1_000 });
    for (let tick = 0; tick < 50; tick++) {
      clock.now = tick * 500;
      keys.keyFor(7, 1_200);
    }
    expect(new Set(Array.from({ length: 4 }, () => keys.keyFor(7, 1_200))).size).toBe(4);
    expect(hot).toEqual([7]);
  });

  it('overflows a dataset an operator pinned from its first request', () => {
    const { keys } = keysAt({ forced: new Set([9]) });
    expect([keys.keyFor(9, 1), keys.keyFor(9, 1)]).toEqual(['dataset:9', 'dataset:9:1']);
    expect(keys.keyFor(10, 1)).toBe('dataset:10');
  });

  it('never overflows with one key', () => {
    const { keys } = keysAt({ keys: 1, forced: new Set([7]) });
    for (let n = 0; n < 5; n++) expect(keys.keyFor(7, 100_000)).toBe('dataset:7');
    expect(keys.tracked).toBe(0);
  });

  it('tracks at most maxTracked datasets, forgetting the least recently seen', () => {
    const { keys } = keysAt({ maxTracked: 3 });
    keys.keyFor(1, 5_000); // hot
    for (let id = 2; id <= 1_000; id++) keys.keyFor(id, 1);
    expect(keys.tracked).toBe(3);
    // Dataset 1 was forgotten: it starts again with a full bucket, on its one key.
    expect(keys.keyFor(1, 1)).toBe('dataset:1');
  });

  it('keeps a dataset that is used often while others pass through', () => {
    const { keys } = keysAt({ maxTracked: 2 });
    keys.keyFor(1, 5_000);
    for (let id = 2; id <= 100; id++) {
      keys.keyFor(id, 1);
      keys.keyFor(1, 1);
    }
    expect(keys.keyFor(1, 1)).not.toBe(keys.keyFor(1, 1));
  });
});
