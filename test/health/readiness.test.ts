import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createCounters } from '@quarry/counters';
import { describe, expect, it } from 'vitest';
import { openSharedBackends, startTestGateway } from '../src/index.ts';

const run = promisify(execFile);

describe('health endpoints', () => {
  it('answers /healthz while /readyz names the dependency that stopped answering', async () => {
    const backends = await openSharedBackends();
    // A Redis of its own, stopped once the gateway runs: quotas cannot be checked, so it is not ready.
    const port = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const ownCounters = createCounters(
      { kind: 'redis', url: `redis://127.0.0.1:${port}/0` },
      { onError: () => undefined },
    );
    await waitUntil(() =>
      ownCounters.ping().then(
        () => true,
        () => false,
      ),
    );
    const gateway = await startTestGateway({ ...backends, counters: ownCounters });
    try {
      expect((await fetch(`${gateway.server.url}/readyz`)).status).toBe(200);
      redis.kill('SIGKILL');
      await new Promise((done) => redis.once('exit', done));
      expect((await fetch(`${gateway.server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${gateway.server.url}/readyz`);
      expect(ready.status).toBe(503);
      const report = (await ready.json()) as { ready: boolean; checks: Record<string, string> };
      expect(report.ready).toBe(false);
      expect(report.checks.bus).toBe('ok');
      expect(report.checks.counters).not.toBe('ok');
      const metrics = await (await fetch(`${gateway.server.url}/metrics`)).text();
      expect(metrics).toContain('quarry_http_requests_total');
      expect(metrics).toContain('process_resident_memory_bytes');
      expect(metrics).toMatch(/^quarry_log_lines_dropped_total\{service="ingest-gateway"\} 0$/m);
    } finally {
      redis.kill('SIGKILL');
      await gateway.stop().catch(() => undefined);
      await ownCounters.close().catch(() => undefined);
      await backends.bus.close();
      await backends.counters.close();
      await backends.catalog.close();
    }
  });

  it.each([
    [
      'ingest-gateway',
      { KAFKA_BROKERS: 'not a broker list', REDIS_URL: 'redis://x', DATABASE_URL: 'postgres://x/y' },
      'KAFKA_BROKERS',
    ],
    ['writer', { KAFKA_BROKERS: '127.0.0.1:9092', HEALTH_PORT: 'eighty' }, 'HEALTH_PORT'],
    ['control-api', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  ])('%s stops with exit code 78 and names the bad variable', async (app, env, variable) => {
    const server = resolve(import.meta.dirname, `../../apps/${app}/src/server.ts`);
    const inherited = Object.entries(process.env).filter(
      ([key]) => !/^(KAFKA|REDIS|DATABASE|CLICKHOUSE|PORT|HEALTH)/.test(key),
    );
    const attempt = run(process.execPath, [server], {
      env: { ...Object.fromEntries(inherited), ...env },
      timeout: 20_000,
    });
    await expect(attempt).rejects.toMatchObject({ code: 78, stderr: expect.stringContaining(variable) });
  });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 100));
  }
}
