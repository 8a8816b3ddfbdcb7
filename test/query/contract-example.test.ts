import { tempDir } from '@quarry/testkit';
import { afterAll, expect, it } from 'vitest';
import { type EmbeddedProcess, startEmbedded } from '../src/index.ts';

let quarry: EmbeddedProcess | undefined;
afterAll(async () => {
  await quarry?.stop();
});

const CONTRACT_QUERY = {
  range: { from: '2026-06-10T00:00:00Z', to: '2026-06-10T23:59:59Z' },
  select: [
    { field: 'country' },
    { aggregate: 'count', as: 'events' },
    { aggregate: 'sum', field: 'amount', as: 'revenue' },
  ],
  groupBy: ['country'],
  orderBy: [{ field: 'events', direction: 'desc' }],
  limit: 100,
};

it('answers the contract example: ingested through the gateway, stored by the writer, queried by the API', async () => {
  quarry = await startEmbedded(await tempDir('contract-example'));
  const { controlUrl, ingestUrl, pat, apiKey, project } = quarry.bootstrap;
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${controlUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pat}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const created = await control(`/api/datasets/${project}`, {
    name: 'Orders',
    description: 'Paid orders from billing',
  });
  const id = (created.body.dataset as { id: number }).id;

  const early = await control(`/api/datasets/${project}/${id}/query`, CONTRACT_QUERY);
  expect(early).toEqual({ status: 404, body: { error: 'Not Found', message: 'Dataset schema not found' } });

  const fields = {
    country: 'string',
    plan: 'string',
    amount: 'number',
    active: 'boolean',
    signup_at: 'timestamp',
  };
  expect((await control(`/api/datasets/${project}/${id}/schema`, { fields })).status).toBe(200);
  const record = (timestamp: string, country: string, amount: number) => ({
    timestamp,
    context: { source: 'billing' },
    country,
    plan: 'pro',
    amount,
    active: true,
    signup_at: '2026-01-01T00:00:00Z',
  });
  const sent = await fetch(`${ingestUrl}/datasets/${id}/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify([
      record('2026-06-10T08:00:00Z', 'RO', 50),
      record('2026-06-10T09:00:00Z', 'RO', 12.5),
      record('2026-06-10T10:00:00Z', 'US', 5),
      record('2026-06-11T10:00:00Z', 'US', 1000),
    ]),
  });
  expect(sent.status).toBe(202);

  const expected = {
    rows: [
      { country: 'RO', events: '2', revenue: 62.5 },
      { country: 'US', events: '1', revenue: 5 },
    ],
    dataset: { id, name: 'Orders', slug: 'orders' },
  };
  const deadline = Date.now() + 20_000;
  let answer = await control(`/api/datasets/${project}/${id}/query`, CONTRACT_QUERY);
  while (JSON.stringify(answer.body) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await control(`/api/datasets/${project}/${id}/query`, CONTRACT_QUERY);
  }
  expect(answer).toEqual({ status: 200, body: expected });

  const raw = await control(`/api/datasets/${project}/${id}/query`, { ...CONTRACT_QUERY, sql: 'SELECT 1' });
  expect(raw).toEqual({ status: 400, body: { error: 'Bad Request', message: 'Unknown key: sql' } });
});
