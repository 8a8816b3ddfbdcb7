import { ingestKeyLastUseKey } from '@quarry/contract';
import { createCounters } from '@quarry/counters';
import { createLogger } from '@quarry/observability';
import { describe, expect, it } from 'vitest';
import { KeyLastUse } from './last-use.ts';

describe('ingest key last use', () => {
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });

  it('writes each key used since the last flush once, with its latest use, and nothing for unused keys', async () => {
    const counters = createCounters({ kind: 'memory' });
    const lastUse = new KeyLastUse({ counters, logger });
    const before = Date.now();
    for (let request = 0; request < 1_000; request++) lastUse.note('key_busy');
    lastUse.note('key_once');
    await lastUse.flush();
    const busy = await counters.get(ingestKeyLastUseKey('key_busy'));
    expect(Date.parse(busy ?? '')).toBeGreaterThanOrEqual(before);
    expect(await counters.get(ingestKeyLastUseKey('key_once'))).not.toBeNull();
    expect(await counters.get(ingestKeyLastUseKey('key_never'))).toBeNull();
    await counters.delete(ingestKeyLastUseKey('key_busy'));
    await lastUse.flush();
    expect(await counters.get(ingestKeyLastUseKey('key_busy'))).toBeNull();
    await counters.close();
  });
});
