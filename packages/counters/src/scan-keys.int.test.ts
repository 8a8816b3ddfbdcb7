import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counters } from './counters.ts';
import { createCounters } from './create-counters.ts';
import { countersBackends, keyspace, sleep } from './test-counters.ts';

describe.each(countersBackends)('scanKeys on $title', ({ config }) => {
  let counters: Counters;
  const key = keyspace();
  beforeAll(() => {
    counters = createCounters(config());
  });
  afterAll(async () => {
    await counters?.close();
  });

  it('finds every key matching a glob, each once, and nothing else', async () => {
    const wanted = Array.from({ length: 2_500 }, (_, i) => key(`usage_delta:datasets:${i}:2026-06`));
    for (let i = 0; i < wanted.length; i += 500) {
      await Promise.all(wanted.slice(i, i + 500).map((name) => counters.set(name, '1')));
    }
    await counters.set(key('usage_total:datasets:1:2026-06'), '1');
    await counters.set(key('usage_delta:logs:1:2026-06'), '1');

    const found = await counters.scanKeys(key('usage_delta:datasets:*'));
    expect(found).toHaveLength(wanted.length);
    expect(new Set(found)).toEqual(new Set(wanted));
  });

  it('reads ? as one character and other characters literally', async () => {
    await counters.set(key('period:2026-06'), '1');
    await counters.set(key('period:2026-6'), '1');
    await counters.set(key('period.2026-06'), '1');
    expect(await counters.scanKeys(key('period:2026-0?'))).toEqual([key('period:2026-06')]);
  });

  it('skips keys that have expired', async () => {
    await counters.set(key('short:lived'), '1', 1);
    await counters.set(key('short:kept'), '1');
    await sleep(1_100);
    expect(await counters.scanKeys(key('short:*'))).toEqual([key('short:kept')]);
  });
});
