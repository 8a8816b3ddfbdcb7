import { resolve } from 'node:path';
import { createCatalog } from '@quarry/catalog';
import { catalogDb, issuePat, signup } from '@quarry/control-plane';
import { localStack, testDestinationKey, testSigningKeyEncryptionKey } from '@quarry/testkit';
import { expect, it } from 'vitest';
import { freePort } from '../../apps/ingest-gateway/src/testing.ts';
import { startService, unique } from '../src/index.ts';

const CONTROL = resolve(import.meta.dirname, '../../apps/control-api/src/server.ts');

// The Kubernetes readiness probe hits /readyz: a pod that fails it leaves the Service with every
// route. With ClickHouse and Redis unreachable the control API stays ready; the routes that need
// them answer 503 with Retry-After on their own, the others keep working.
it('stays ready without ClickHouse and Redis, answering 503 only on the routes that need them', async () => {
  const stack = localStack();
  const [deadRedis, deadClickhouse] = [await freePort(), await freePort()];
  const control = await startService({
    entry: CONTROL,
    echo: false,
    env: {
      PORT: '0',
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${deadRedis}/0`,
      CLICKHOUSE_URL: `http://127.0.0.1:${deadClickhouse}`,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      SIGNING_KEY_ENCRYPTION_KEY: testSigningKeyEncryptionKey().toString('base64'),
      DESTINATION_ENCRYPTION_KEY: testDestinationKey().toString('base64'),
      // Open sign-up, so the refusal seen is Redis's absence, not the invite-only default.
      SIGNUP_MODE: 'open',
    },
  });
  const catalog = await createCatalog({ kind: 'postgres', url: stack.databaseUrl });
  try {
    const ready = await fetch(`${control.url}/readyz`);
    const report = (await ready.json()) as {
      ready: boolean;
      checks: Record<string, string>;
      degraded: object;
    };
    expect(ready.status).toBe(200);
    expect(report.ready).toBe(true);
    expect(report.checks.catalog).toBe('ok');
    expect(Object.keys(report.degraded).sort()).toEqual(['counters', 'warehouse']);

    const call = (method: string, path: string, body?: unknown, token?: string) =>
      fetch(`${control.url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const credentials = { email: `ready-${unique()}@example.com`, password: 'long enough password' };
    // Sign-up is throttled per address in Redis (fail closed), so the user comes from the catalog.
    const throttled = await call('POST', '/api/auth/signup', credentials);
    expect(throttled.status).toBe(503);
    expect(throttled.headers.get('retry-after')).toBeTruthy();
    const user = await signup({ db: catalogDb(catalog) }, credentials);
    const { token } = await issuePat(catalogDb(catalog), user.id, 'test');
    const slug = `ready-${unique()}`;
    expect((await call('POST', '/api/projects', { slug, name: 'Ready' }, token)).status).toBe(201);
    const created = await call('POST', `/api/datasets/${slug}`, { name: 'Orders' }, token);
    expect(created.status).toBe(201);
    const { dataset } = (await created.json()) as { dataset: { id: number } };
    expect((await call('GET', `/api/datasets/${slug}`, undefined, token)).status).toBe(200);

    const needsWarehouse = await call(
      'POST',
      `/api/datasets/${slug}/${dataset.id}/schema`,
      { fields: { country: 'string' } },
      token,
    );
    expect(needsWarehouse.status).toBe(503);
    expect(needsWarehouse.headers.get('retry-after')).toBeTruthy();
    const needsRedis = await call('POST', '/api/auth/login', credentials);
    expect(needsRedis.status).toBe(503);
    expect(needsRedis.headers.get('retry-after')).toBeTruthy();
  } finally {
    await catalog.close();
    const { code } = await control.stop();
    expect(code, control.output()).toBe(0);
  }
});
