import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestControl, type TestControl } from '../../apps/control-api/src/testing.ts';
import { openSharedBackends, type ServiceProcess, spawnGateway } from '../src/index.ts';

const RECORD = { timestamp: '2026-06-10T10:00:00Z', context: {}, country: 'RO', amount: 12.5 };
const NO_SCHEMA = { error: 'Not Found', message: 'Dataset schema not found' };

async function ingest(gateway: ServiceProcess, datasetId: number, apiKey: string) {
  const response = await fetch(`${gateway.url}/datasets/${datasetId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(RECORD),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

// The documented order (create, ingest, register, ingest) against two gateway processes. Their memory
// of unknown datasets is a minute long, so only the registration's push can make the second ingest pass.
describe('a schema registered a moment ago (two gateway processes, Redis push)', () => {
  let control: TestControl;
  let gateways: ServiceProcess[];
  let closeBus: () => Promise<void>;

  beforeAll(async () => {
    const backends = await openSharedBackends();
    await backends.counters.close();
    await backends.catalog.close();
    closeBus = () => backends.bus.close();
    control = await openTestControl('postgres');
    const env = { UNKNOWN_DATASET_TTL_MS: '60000' };
    gateways = await Promise.all([
      spawnGateway({ namespace: backends.namespace, env }),
      spawnGateway({ namespace: backends.namespace, env }),
    ]);
  });

  afterAll(async () => {
    for (const gateway of gateways ?? []) await gateway.stop();
    await control?.close();
    await closeBus?.();
  });

  it('answers 404 before the registration and 202 on every gateway right after its 200', async () => {
    const owner = await control.signUp();
    const slug = await control.createProject(owner);
    const dataset = await control.createDataset(owner, slug, 'Orders');
    const key = await control.request('POST', `/api/projects/${slug}/keys`, {
      token: owner.token,
      body: { name: 'ingest' },
    });
    const { apiKey } = key.body as { apiKey: string };

    for (const gateway of gateways) {
      expect(await ingest(gateway, dataset.id, apiKey)).toEqual({ status: 404, body: NO_SCHEMA });
    }
    const registered = await control.request('POST', `/api/datasets/${slug}/${dataset.id}/schema`, {
      token: owner.token,
      body: { fields: { country: 'string', amount: 'number' } },
    });
    expect(registered.status).toBe(200);
    for (const gateway of gateways) {
      expect(await ingest(gateway, dataset.id, apiKey)).toEqual({
        status: 202,
        body: { success: true, status: 'queued' },
      });
    }
  });
});
