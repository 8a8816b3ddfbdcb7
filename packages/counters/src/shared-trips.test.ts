import { describe, expect, it } from 'vitest';
import { SharedTrips } from './shared-trips.ts';

/** A trip that answers when told to, recording the lane and inputs each call carried. */
function manualTrips() {
  const calls: { lane: string; inputs: number[]; answer(outputs: string[] | Error): void }[] = [];
  const sendMany = (lane: string, inputs: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        lane,
        inputs,
        answer: (outputs) => (outputs instanceof Error ? reject(outputs) : resolve(outputs)),
      });
    });
  return { calls, sendMany };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SharedTrips', () => {
  it('sends a call at once when its lane is idle, and the ones that arrive meanwhile together, in order', async () => {
    const trips = manualTrips();
    const shared = new SharedTrips(trips.sendMany);
    const first = shared.send('k', 1);
    const waiting = [shared.send('k', 2), shared.send('k', 3), shared.send('k', 4)];
    const other = shared.send('other', 5);
    expect(trips.calls.map(({ lane, inputs }) => [lane, inputs])).toEqual([
      ['k', [1]],
      ['other', [5]],
    ]);
    trips.calls[0]?.answer(['one']);
    expect(await first).toBe('one');
    await tick();
    expect(trips.calls[2]).toMatchObject({ lane: 'k', inputs: [2, 3, 4] });
    trips.calls[2]?.answer(['two', 'three', 'four']);
    expect(await Promise.all(waiting)).toEqual(['two', 'three', 'four']);
    trips.calls[1]?.answer(['five']);
    expect(await other).toBe('five');
  });

  it('rejects every call of a failed trip, and sends the next ones again', async () => {
    const trips = manualTrips();
    const shared = new SharedTrips(trips.sendMany);
    const first = shared.send('k', 1);
    const second = shared.send('k', 2);
    trips.calls[0]?.answer(new Error('redis away'));
    await expect(first).rejects.toThrow('redis away');
    await tick();
    trips.calls[1]?.answer(new Error('still away'));
    await expect(second).rejects.toThrow('still away');
    const third = shared.send('k', 3);
    expect(trips.calls).toHaveLength(3);
    trips.calls[2]?.answer(['three']);
    expect(await third).toBe('three');
  });

  it('carries at most maxPerTrip calls on one trip, the rest on the following ones', async () => {
    const trips = manualTrips();
    const shared = new SharedTrips(trips.sendMany, 2);
    const sent = [1, 2, 3, 4, 5, 6].map((input) => shared.send('k', input));
    for (const expected of [[1], [2, 3], [4, 5], [6]]) {
      await tick();
      const call = trips.calls.at(-1);
      expect(call?.inputs).toEqual(expected);
      call?.answer(expected.map(String));
    }
    expect(await Promise.all(sent)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it("with 'after-this-turn', an idle lane's first trip waits for the calls of the same event-loop turn", async () => {
    const trips = manualTrips();
    const shared = new SharedTrips(trips.sendMany, 2, 'after-this-turn');
    // Calls made from the I/O callbacks of one turn: each after the previous one's microtasks.
    const sent = [shared.send('k', 1)];
    await Promise.resolve();
    sent.push(shared.send('k', 2), shared.send('k', 3));
    expect(trips.calls).toEqual([]);
    await tick();
    expect(trips.calls.map(({ inputs }) => inputs)).toEqual([[1, 2]]);
    trips.calls[0]?.answer(['one', 'two']);
    await tick();
    // Once a trip is in flight, what arrives meanwhile goes next, as without the option.
    expect(trips.calls.map(({ inputs }) => inputs)).toEqual([[1, 2], [3]]);
    trips.calls[1]?.answer(['three']);
    expect(await Promise.all(sent)).toEqual(['one', 'two', 'three']);
  });

  it('rejects the calls a trip left unanswered', async () => {
    const trips = manualTrips();
    const shared = new SharedTrips(trips.sendMany);
    const first = shared.send('k', 1);
    const more = [shared.send('k', 2), shared.send('k', 3)];
    trips.calls[0]?.answer(['one']);
    await first;
    await tick();
    trips.calls[1]?.answer(['two']);
    expect(await more[0]).toBe('two');
    await expect(more[1]).rejects.toThrow('answered 1 of 2');
  });
});
