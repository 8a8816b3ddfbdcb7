import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  eventually,
  openTestBackends,
  startTestGateway,
  type Tenant,
  type TestBackends,
  type TestGateway,
} from './testing.ts';

/** Sends the headers and half of a declared body, then drops the connection. */
function abandonMidBody(url: string, path: string, apiKey: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${apiKey}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n[{"timestamp":',
        () => {
          socket.destroy();
          resolve();
        },
      );
    });
    socket.once('error', reject);
  });
}

const countOf = (metrics: string, status: string) =>
  metrics
    .split('\n')
    .filter((line) => line.startsWith('quarry_http_requests_total{') && line.includes(`status="${status}"`))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

describe('a client that disconnects while its body is read', () => {
  let backends: TestBackends;
  let gateway: TestGateway;
  let tenant: Tenant;
  beforeAll(async () => {
    backends = await openTestBackends();
    gateway = await startTestGateway(backends);
    tenant = await createTenant(backends.control);
  });
  afterAll(async () => {
    await gateway?.stop();
    await backends?.close();
  });

  it('is counted as 499 (client closed), never as a 500', async () => {
    const metrics = async () => (await fetch(`${gateway.url}/metrics`)).text();
    const before = await metrics();
    for (const path of [`/datasets/${tenant.datasetId}/batch`, '/v1/logs']) {
      await abandonMidBody(gateway.url, path, tenant.apiKey);
    }
    await eventually(async () => {
      const now = await metrics();
      return countOf(now, '499') + countOf(now, '500') >= countOf(before, '499') + countOf(before, '500') + 2;
    }, 10_000);
    const after = await metrics();
    expect(countOf(after, '500')).toBe(countOf(before, '500'));
    expect(countOf(after, '499')).toBe(countOf(before, '499') + 2);
  });
});
