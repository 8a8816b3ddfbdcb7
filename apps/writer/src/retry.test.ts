import { BusUnavailableError, RebalanceError } from '@quarry/bus';
import { describe, expect, it } from 'vitest';
import { type RetryPolicy, retryUntilDone } from './retry.ts';

const policy = (keepAlive?: () => Promise<void>): RetryPolicy & { retries: number } => {
  const state = {
    retries: 0,
    maxDelayMs: 100,
    isStopping: () => false,
    onRetry: () => {
      state.retries++;
    },
    ...(keepAlive ? { keepAlive } : {}),
  };
  return state;
};

describe('retryUntilDone', () => {
  it('retries a passing failure until it succeeds, heartbeating while it waits', async () => {
    let beats = 0;
    const retry = policy(async () => {
      beats++;
    });
    let calls = 0;
    const attempt = async () => {
      if (++calls < 3) throw new BusUnavailableError('down');
      return 'done';
    };
    expect(await retryUntilDone(attempt, () => false, retry)).toBe('done');
    expect(retry.retries).toBe(2);
    expect(beats).toBeGreaterThan(0);
  });

  it('gives the batch up at once when the group moved on, instead of retrying a commit forever', async () => {
    const retry = policy();
    const moved = new RebalanceError('the consumer group moved on');
    await expect(
      retryUntilDone(
        () => Promise.reject(moved),
        () => false,
        retry,
      ),
    ).rejects.toBe(moved);
    expect(retry.retries).toBe(0);
  });

  it('stops waiting when a heartbeat finds the group rebalanced; other heartbeat failures do not', async () => {
    const moved = new RebalanceError('rebalancing');
    const rebalanced = policy(() => Promise.reject(moved));
    const failing = () => Promise.reject(new Error('warehouse down'));
    await expect(retryUntilDone(failing, () => false, rebalanced)).rejects.toBe(moved);

    let beats = 0;
    const brokerDown = policy(() => Promise.reject(new BusUnavailableError(`down ${++beats}`)));
    let calls = 0;
    const recovers = async () => {
      if (++calls < 2) throw new Error('warehouse down');
      return calls;
    };
    expect(await retryUntilDone(recovers, () => false, brokerDown)).toBe(2);
  });
});
