import { tempDir } from '@quarry/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';

describe('npm start (the embedded default)', () => {
  const running: EmbeddedProcess[] = [];
  afterAll(async () => {
    for (const process of running) if (process.child.exitCode === null) await process.stop();
  });

  // Two full starts of the system (chDB, PGlite, the on-disk bus): over a minute on a busy machine.
  it('starts, serves every app, accepts records end to end, stops cleanly, and keeps its credentials', {
    timeout: 180_000,
  }, async () => {
    const dataDir = await tempDir('embedded');
    const first = await startEmbedded(dataDir);
    running.push(first);
    const { bootstrap } = first;
    expect(bootstrap.project).toBe('local');
    expect(bootstrap.pat).toMatch(/^pat_/);
    expect(bootstrap.apiKey).toMatch(/^qk_/);

    for (const url of [bootstrap.controlUrl, bootstrap.ingestUrl, first.writerHealthUrl]) {
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status, `${url}/readyz`).toBe(200);
    }

    const control = (path: string, body?: unknown) =>
      fetch(`${bootstrap.controlUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${bootstrap.pat}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const datasets = (await (await control('/api/datasets/local')).json()) as {
      datasets: { isDefault: boolean }[];
    };
    expect(datasets.datasets.filter((dataset) => dataset.isDefault)).toHaveLength(1);
    const created = (await (await control('/api/datasets/local', { name: 'Orders' })).json()) as {
      dataset: { id: number };
    };
    const id = created.dataset.id;
    const send = () =>
      fetch(`${bootstrap.ingestUrl}/datasets/${id}/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bootstrap.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify([
          { timestamp: '2026-06-10T10:00:00Z', context: {}, country: 'RO', amount: 50 },
          { timestamp: '2026-06-10T11:00:00Z', context: {}, country: 'US', amount: 5 },
        ]),
      });
    // The documented order: an ingest before the schema is refused, the one right after it accepted.
    const early = await send();
    expect(early.status).toBe(404);
    expect(await early.json()).toEqual({ error: 'Not Found', message: 'Dataset schema not found' });
    expect(
      (await control(`/api/datasets/local/${id}/schema`, { fields: { country: 'string', amount: 'number' } }))
        .status,
    ).toBe(200);
    const ingest = await send();
    expect(await ingest.json()).toEqual({ success: true, count: 2, status: 'queued' });
    expect(ingest.status).toBe(202);

    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('shutdown complete');

    const second = await startEmbedded(dataDir);
    running.push(second);
    expect(second.bootstrap.pat).toBe(bootstrap.pat);
    expect(second.bootstrap.apiKey).toBe(bootstrap.apiKey);
    const me = await fetch(`${second.bootstrap.controlUrl}/api/dashboard/me`, {
      headers: { authorization: `Bearer ${second.bootstrap.pat}` },
    });
    expect(me.status).toBe(200);
    const again = await fetch(`${second.bootstrap.controlUrl}/api/datasets/local/${id}`, {
      headers: { authorization: `Bearer ${second.bootstrap.pat}` },
    });
    expect(((await again.json()) as { dataset: { status: string } }).dataset.status).toBe('active');
    expect(await second.stop()).toBe(0);
  });
});
