import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface RunningServer {
  port: number;
  url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Binds a hono app's fetch handler to a port (0 picks a free one). */
export function serveHttp(
  fetch: FetchHandler,
  options: { port: number; host: string },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: () => closeServer(server as Server),
      });
    }) as Server;
    server.once('error', reject);
    // Keep-alive sockets must not outlive the drain; idle ones are closed as soon as the drain starts.
    server.keepAliveTimeout = 5_000;
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
