import { describe, expect, it } from 'vitest';
import { LagTracker } from './lag-tracker.ts';

describe('LagTracker', () => {
  it('reports nothing for a partition before its first batch', () => {
    const lag = new LagTracker();
    lag.assign([{ topic: 'events', partition: 0 }]);
    expect(lag.snapshot()).toEqual([]);
  });

  it('counts records between the last commit and the high watermark', () => {
    const lag = new LagTracker();
    lag.assign([{ topic: 'events', partition: 0 }]);
    lag.observeBatch('events', 0, '10', '15');
    expect(lag.snapshot()).toEqual([
      { topic: 'events', partition: 0, highWatermark: '15', committedOffset: '10', lag: 5 },
    ]);
    lag.observeCommit('events', 0, '13');
    expect(lag.snapshot()[0]?.lag).toBe(2);
  });

  it('forgets partitions that are no longer assigned', () => {
    const lag = new LagTracker();
    lag.assign([{ topic: 'events', partition: 0 }]);
    lag.observeBatch('events', 0, '0', '3');
    lag.assign([{ topic: 'events', partition: 1 }]);
    lag.observeCommit('events', 0, '3');
    expect(lag.snapshot()).toEqual([]);
  });
});
