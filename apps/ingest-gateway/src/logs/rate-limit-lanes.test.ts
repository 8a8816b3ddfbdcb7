import { describe, expect, it } from 'vitest';
import { type LaneDecision, RateLimitLanes } from './rate-limit-lanes.ts';

/** A step that answers when told to, recording how many requests each call carried. */
function manualSteps() {
  const calls: { key: string; count: number; answer(decisions: LaneDecision[] | Error): void }[] = [];
  const decideMany = (key: string, count: number) =>
    new Promise<LaneDecision[]>((resolve, reject) => {
      calls.push({
        key,
        count,
        answer: (decisions) => (decisions instanceof Error ? reject(decisions) : resolve(decisions)),
      });
    });
  return { calls, decideMany };
}

const allowed = { allowed: true, retryAfterSeconds: 0 };
const refused = { allowed: false, retryAfterSeconds: 3 };
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RateLimitLanes', () => {
  it('sends a request at once when its key is idle, and the ones that arrive meanwhile together, in order', async () => {
    const steps = manualSteps();
    const lanes = new RateLimitLanes(steps.decideMany);
    const first = lanes.decide('k');
    const waiting = [lanes.decide('k'), lanes.decide('k'), lanes.decide('k')];
    const other = lanes.decide('other');
    expect(steps.calls.map(({ key, count }) => [key, count])).toEqual([
      ['k', 1],
      ['other', 1],
    ]);
    steps.calls[0]?.answer([allowed]);
    expect(await first).toEqual(allowed);
    await tick();
    expect(steps.calls[2]).toMatchObject({ key: 'k', count: 3 });
    steps.calls[2]?.answer([allowed, refused, refused]);
    expect(await Promise.all(waiting)).toEqual([allowed, refused, refused]);
    steps.calls[1]?.answer([refused]);
    expect(await other).toEqual(refused);
  });

  it('rejects every request of a failed step, and sends the next ones again', async () => {
    const steps = manualSteps();
    const lanes = new RateLimitLanes(steps.decideMany);
    const first = lanes.decide('k');
    const second = lanes.decide('k');
    steps.calls[0]?.answer(new Error('redis away'));
    await expect(first).rejects.toThrow('redis away');
    await tick();
    steps.calls[1]?.answer(new Error('still away'));
    await expect(second).rejects.toThrow('still away');
    const third = lanes.decide('k');
    expect(steps.calls).toHaveLength(3);
    steps.calls[2]?.answer([allowed]);
    expect(await third).toEqual(allowed);
  });
});
