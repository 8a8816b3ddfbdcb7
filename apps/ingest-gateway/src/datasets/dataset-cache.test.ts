import { describe, expect, it } from 'vitest';
import type { CatalogReader, DatasetTarget } from '../catalog-reader.ts';
import { DatasetCache } from './dataset-cache.ts';

const SCHEMA: DatasetTarget['schema'] = { fields: { country: 'string' } };

/** A catalog of one dataset whose schema the test registers; counts the reads. */
function catalog() {
  const state = { schema: null as DatasetTarget['schema'], reads: 0, gate: null as Promise<void> | null };
  const reader = {
    async dataset(id: number) {
      state.reads += 1;
      const schema = state.schema;
      await state.gate;
      return { id, projectId: 1, schema, schemaVersion: 1, addedFields: {} };
    },
  } as unknown as CatalogReader;
  return { state, reader };
}

describe('DatasetCache', () => {
  it('keeps a miss until a registration is pushed, then reads the catalog again', async () => {
    const { state, reader } = catalog();
    const cache = new DatasetCache({ reader, missTtlMs: 60_000 });
    expect(await cache.byId(7, 1)).toBeNull();
    state.schema = SCHEMA;
    expect(await cache.byId(7, 1)).toBeNull();
    expect(state.reads).toBe(1);
    cache.onDatasetChanged(7);
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
  });

  it('records no miss from a read that started before the push', async () => {
    const { state, reader } = catalog();
    const cache = new DatasetCache({ reader, missTtlMs: 60_000 });
    let open = () => {};
    state.gate = new Promise((resolve) => {
      open = resolve;
    });
    const before = cache.byId(7, 1);
    state.schema = SCHEMA;
    cache.onDatasetChanged(7);
    open();
    expect(await before).toBeNull();
    state.gate = null;
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
  });

  it('forgets a miss after missTtlMs when the push was lost', async () => {
    const { state, reader } = catalog();
    const cache = new DatasetCache({ reader, missTtlMs: 1 });
    expect(await cache.byId(7, 1)).toBeNull();
    state.schema = SCHEMA;
    const since = Date.now();
    while (Date.now() - since < 2) await new Promise((resolve) => setImmediate(resolve));
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
  });

  it("keeps a stored schema that today's rules refuse as unusable: one catalog read, one report", async () => {
    const { state, reader } = catalog();
    state.schema = { fields: { '1abc': 'string' } };
    const reported: string[] = [];
    const cache = new DatasetCache({
      reader,
      missTtlMs: 1,
      onUnusable: (id, reason) => reported.push(`${id}: ${reason}`),
    });
    for (let i = 0; i < 3; i += 1) {
      expect((await cache.byId(7, 1))?.unusable).toBe(
        'Dataset schema cannot be used by this version of Quarry (Invalid field name: 1abc); ask an operator',
      );
    }
    expect(state.reads).toBe(1);
    expect(reported).toEqual(['7: Invalid field name: 1abc']);
  });
});

describe('DatasetCache and datasets that change after they are known', () => {
  it('forgets a known dataset on a push: a deleted one is then unknown, a new version recompiled', async () => {
    const { state, reader } = catalog();
    state.schema = SCHEMA;
    const cache = new DatasetCache({ reader, missTtlMs: 60_000, hitTtlMs: 60_000 });
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
    state.schema = null;
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
    cache.onDatasetChanged(7);
    expect(await cache.byId(7, 1)).toBeNull();
  });

  it('re-reads a known dataset in the background after hitTtlMs, so a lost push still takes effect', async () => {
    const { state, reader } = catalog();
    state.schema = SCHEMA;
    const cache = new DatasetCache({ reader, missTtlMs: 60_000, hitTtlMs: 1 });
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
    state.schema = null;
    const since = Date.now();
    while (Date.now() - since < 2) await new Promise((resolve) => setImmediate(resolve));
    // Served from what is known while the re-read runs; the next request sees the deletion.
    expect((await cache.byId(7, 1))?.datasetId).toBe(7);
    const deadline = Date.now() + 1_000;
    while ((await cache.byId(7, 1)) !== null && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await cache.byId(7, 1)).toBeNull();
  });
});
