import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../types.ts';
import { Coalescer } from './coalescer.ts';

const message = (key: string, bytes = 10): OutgoingMessage => ({ key, value: 'x'.repeat(bytes) });

function recordingProduce(fail?: (messages: OutgoingMessage[]) => boolean) {
  const requests: string[][] = [];
  let release: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const produce = async (_topic: string, messages: OutgoingMessage[]) => {
    requests.push(messages.map((m) => m.key));
    await gate;
    if (fail?.(messages)) throw new Error('broker down');
  };
  return {
    requests,
    produce,
    open() {
      release();
      gate = Promise.resolve();
    },
  };
}

describe('Coalescer', () => {
  it('sends what arrives during a produce together in the next one', async () => {
    const broker = recordingProduce();
    const coalescer = new Coalescer(broker.produce, 10_000);
    const first = coalescer.send('t', [message('a')]);
    const later = [coalescer.send('t', [message('b')]), coalescer.send('t', [message('c'), message('d')])];
    broker.open();
    await Promise.all([first, ...later]);
    expect(broker.requests).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never splits a caller, and packs callers into requests under the byte bound', async () => {
    const broker = recordingProduce();
    const coalescer = new Coalescer(broker.produce, 250);
    const first = coalescer.send('t', [message('a')]);
    // Each of b, c, d is ~115 bytes with overhead: two fit under 250, three do not.
    const later = ['b', 'c', 'd'].map((key) => coalescer.send('t', [message(key, 50)]));
    broker.open();
    await Promise.all([first, ...later]);
    expect(broker.requests).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('rejects only the callers of the failed request and those queued after it', async () => {
    const broker = recordingProduce((messages) => messages.some((m) => m.key === 'c'));
    const coalescer = new Coalescer(broker.produce, 150);
    const first = coalescer.send('t', [message('a')]);
    const b = coalescer.send('t', [message('b', 100)]);
    const c = coalescer.send('t', [message('c', 100)]);
    const d = coalescer.send('t', [message('d', 100)]);
    broker.open();
    await expect(first).resolves.toBeUndefined();
    await expect(b).resolves.toBeUndefined();
    await expect(c).rejects.toThrow('broker down');
    await expect(d).rejects.toThrow('broker down');
    expect(broker.requests).toEqual([['a'], ['b'], ['c']]);
  });

  it('keeps topics apart', async () => {
    const broker = recordingProduce();
    const coalescer = new Coalescer(broker.produce, 10_000);
    const sends = [coalescer.send('x', [message('a')]), coalescer.send('y', [message('b')])];
    broker.open();
    await Promise.all(sends);
    expect(broker.requests.sort()).toEqual([['a'], ['b']]);
  });
});
