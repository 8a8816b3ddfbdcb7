import { catalogDb, flushUsage } from '@quarry/control-plane';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type IsolatedBackends, openIsolatedBackends, openSharedBackends } from '../src/index.ts';

// Issue 14 §7: a file on backends of its own must not see another file's usage flush. A control API
// that stops (or `quarry usage flush`) flushes every `usage_delta:*` of its Redis into its catalog;
// on the run's shared Redis that took the deltas the tenant-isolation snapshots compare exactly.
let isolated: IsolatedBackends;
let shared: Awaited<ReturnType<typeof openSharedBackends>>;

beforeAll(async () => {
  [isolated, shared] = await Promise.all([openIsolatedBackends(), openSharedBackends()]);
});

afterAll(async () => {
  await isolated?.close();
  await shared?.bus.close();
  await shared?.counters.close();
  await shared?.catalog.close();
});

it("keeps a file's usage deltas when another file flushes the run's usage", async () => {
  // User 1: a fresh catalog numbers from 1 again, so the run's Redis could hold this very key name.
  // A period no other file uses, so this flush takes nothing of theirs.
  const key = 'usage_delta:datasets:1:2001-01';
  await isolated.counters.set(key, '42');
  await flushUsage({ db: catalogDb(shared.catalog), counters: shared.counters }, { match: key });
  expect(await isolated.counters.get(key)).toBe('42');
});
