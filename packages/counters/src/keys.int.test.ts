import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counters } from './counters.ts';
import { createCounters } from './create-counters.ts';
import { countersBackends, keyspace, sleep } from './test-counters.ts';

describe.each(countersBackends)('keys and messages on $title', ({ config }) => {
  let counters: Counters;
  const key = keyspace();
  beforeAll(() => {
    counters = createCounters(config());
  });
  afterAll(async () => {
    await counters?.close();
  });

  it('answers a ping', async () => {
    await expect(counters.ping()).resolves.toBeUndefined();
  });

  it('reads back what was set, and null for a missing key', async () => {
    await counters.set(key('plain'), 'value');
    expect(await counters.get(key('plain'))).toBe('value');
    expect(await counters.get(key('missing'))).toBeNull();
  });

  it('forgets a deleted key', async () => {
    await counters.set(key('gone'), 'value');
    await counters.delete(key('gone'));
    expect(await counters.get(key('gone'))).toBeNull();
  });

  it('stores a key only once with setIfAbsent, until it expires', async () => {
    expect(await counters.setIfAbsent(key('idem'), 'first', 1)).toBe(true);
    expect(await counters.setIfAbsent(key('idem'), 'second', 1)).toBe(false);
    expect(await counters.get(key('idem'))).toBe('first');
    await sleep(1_100);
    expect(await counters.get(key('idem'))).toBeNull();
    expect(await counters.setIfAbsent(key('idem'), 'third', 1)).toBe(true);
  });

  it('writes many keys in order in one step, each absent-only write stored only if its key was absent', async () => {
    const [claimed, answered, other] = [key('many-claimed'), key('many-answered'), key('many-other')];
    await counters.set(answered, 'pending', 60);
    expect(
      await counters.setMany([
        { key: claimed, value: 'first', ttlSeconds: 60, onlyIfAbsent: true },
        { key: claimed, value: 'second', ttlSeconds: 60, onlyIfAbsent: true },
        { key: answered, value: 'claim', ttlSeconds: 60, onlyIfAbsent: true },
        { key: answered, value: 'done', ttlSeconds: 1 },
        { key: other, value: 'later', ttlSeconds: 60, onlyIfAbsent: false },
      ]),
    ).toEqual([true, false, false, true, true]);
    expect(await counters.get(claimed)).toBe('first');
    expect(await counters.get(other)).toBe('later');
    expect(await counters.get(answered)).toBe('done');
    await sleep(1_100);
    expect(await counters.get(answered)).toBeNull();
    expect(await counters.get(claimed)).toBe('first');
    expect(await counters.setMany([])).toEqual([]);
  });

  it('refuses a whole setMany with an expiry that is not a whole number of seconds, writing nothing', async () => {
    const writes = [
      { key: key('many-good'), value: 'x', ttlSeconds: 60 },
      { key: key('many-bad'), value: 'x', ttlSeconds: 0.5 },
    ];
    await expect(counters.setMany(writes)).rejects.toThrow(RangeError);
    expect(await counters.get(key('many-good'))).toBeNull();
  });

  it('refuses an expiry that is not a whole number of seconds', async () => {
    await expect(counters.set(key('bad-ttl'), 'x', 0.5)).rejects.toThrow(RangeError);
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const received: string[] = [];
    let delivered: () => void = () => {};
    const unsubscribe = await counters.subscribe(key('channel'), (message) => {
      received.push(message);
      delivered();
    });
    await new Promise<void>((resolve) => {
      delivered = resolve;
      void counters.publish(key('channel'), 'revoked:key_1');
    });
    await unsubscribe();
    await counters.publish(key('channel'), 'revoked:key_2');
    await sleep(100);
    expect(received).toEqual(['revoked:key_1']);
  });
});
