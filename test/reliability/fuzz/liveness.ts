import { expect } from 'vitest';
import { send } from './http.ts';
import type { FuzzStack } from './stack.ts';

/** After a run: both servers still answer their health check and a plain valid request of each kind. */
export async function expectStillServing(stack: FuzzStack): Promise<void> {
  const { tenant } = stack;
  const health = async (url: string) =>
    (await send(url, { method: 'GET', path: '/healthz', headers: {} })).status;
  expect(await health(stack.gatewayUrl)).toBe(200);
  expect(await health(stack.controlUrl)).toBe(200);
  const post = async (url: string, path: string, token: string, body: unknown) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    return (await send(url, { method: 'POST', path, headers, body: JSON.stringify(body) })).status;
  };
  const record = {
    timestamp: '2026-06-10T10:00:00Z',
    context: {},
    country: 'RO',
    plan: 'pro',
    amount: 1,
    active: true,
    signup_at: '2026-01-01',
  };
  const query = {
    range: { from: '2026-06-10', to: '2026-06-11' },
    select: [{ aggregate: 'count', as: 'n' }],
  };
  expect(await post(stack.gatewayUrl, `/datasets/${tenant.orders.id}`, tenant.apiKey, record)).toBe(202);
  expect(await post(stack.gatewayUrl, '/v1/ingest', tenant.apiKey, { message: 'still here' })).toBe(202);
  const queryPath = `/api/datasets/${tenant.slug}/${tenant.orders.id}/query`;
  expect(await post(stack.controlUrl, queryPath, tenant.pat, query)).toBe(200);
}
