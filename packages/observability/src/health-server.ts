import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { checkReadiness, type ReadinessCheck } from './readiness.ts';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * /healthz, /readyz and /metrics on plain node:http, for processes without an HTTP API (the writer).
 * Same answers as the hono routes in @quarry/server-kit.
 */
export function startHealthServer(options: {
  port: number;
  host: string;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
}): Promise<HealthServer> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    if (req.method !== 'GET')
      return send(405, JSON.stringify({ error: 'Method Not Allowed', message: 'GET only' }));
    if (path === '/healthz') return send(200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      const report = await checkReadiness(options.checks);
      return send(report.ready ? 200 : 503, JSON.stringify(report));
    }
    if (path === '/metrics') return send(200, await options.registry.metrics(), options.registry.contentType);
    send(404, JSON.stringify({ error: 'Not Found', message: 'Not found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
