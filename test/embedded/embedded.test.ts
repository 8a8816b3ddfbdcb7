import { tempDir } from '@quarry/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';
import { startReceiver, waitUntil } from '../src/logs.ts';

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

    // Restarted as behind a reverse proxy on this machine (TRUSTED_PROXIES).
    const second = await startEmbedded(dataDir, 60_000, { TRUSTED_PROXIES: '127.0.0.1' });
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

    // Login limits (5 a minute per address) count each client the proxy names, not the proxy. Each
    // attempt names another account, so only the address's limit applies.
    const logInFrom = async (address: string, n: number) =>
      (
        await fetch(`${second.bootstrap.controlUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ email: `nobody-${n}@example.com`, password: 'not the password' }),
        })
      ).status;
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) statuses.push(await logInFrom('192.0.2.1', n));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await logInFrom('192.0.2.2', 6)).toBe(401);
    expect(await second.stop()).toBe(0);
  });

  // Two starts of the whole process: minutes on a loaded machine.
  it('refuses a log destination on loopback unless DESTINATION_ALLOWED_CIDRS allows it', {
    timeout: 300_000,
  }, async () => {
    const hook = await startReceiver();
    try {
      const dataDir = await tempDir('embedded-egress');
      let seen = 0;
      /** Saves the webhook, sends one event, and answers the delivery it made once finished. */
      const deliveries = async (quarry: EmbeddedProcess) => {
        const { bootstrap } = quarry;
        const saved = await fetch(`${bootstrap.controlUrl}/api/projects/local/destination`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${bootstrap.pat}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'webhook', webhook_url: hook.url }),
        });
        expect(saved.status).toBe(200);
        const sent = await fetch(`${bootstrap.ingestUrl}/v1/logs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bootstrap.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: [{ message: 'to the hook', level: 'info' }] }),
        });
        expect(sent.status).toBe(202);
        return waitUntil(
          async () => {
            const answer = await fetch(`${bootstrap.controlUrl}/api/projects/local/destination/deliveries`, {
              headers: { authorization: `Bearer ${bootstrap.pat}` },
            });
            const { deliveries: found } = (await answer.json()) as {
              deliveries: { id: number; status: string; reason: string | null }[];
            };
            const last = found[0];
            if (!last || last.id <= seen || last.status === 'pending') return undefined;
            seen = last.id;
            return last;
          },
          30_000,
          'the delivery to finish',
        );
      };

      const closed = await startEmbedded(dataDir, 120_000);
      running.push(closed);
      expect(await deliveries(closed)).toMatchObject({
        status: 'failed',
        reason:
          'webhook: destination refused: 127.0.0.1 (a loopback address); an operator can allow it with DESTINATION_ALLOWED_CIDRS',
      });
      expect(hook.requests).toHaveLength(0);
      expect(await closed.stop()).toBe(0);

      const open = await startEmbedded(dataDir, 120_000, { DESTINATION_ALLOWED_CIDRS: '127.0.0.1/32' });
      running.push(open);
      expect(await deliveries(open)).toMatchObject({ status: 'delivered', reason: null });
      expect(hook.messages()).toEqual(['to the hook']);
      expect(await open.stop()).toBe(0);
    } finally {
      await hook.close();
    }
  });
});
