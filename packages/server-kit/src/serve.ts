import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

export interface RunningServer {
  port: number;
  url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** How long a drain leaves idle keep-alive connections open for a request already on its way. */
const IDLE_GRACE_MS = 500;

export interface ListenOptions {
  /** 0 picks a free one. */
  port: number;
  host: string;
  /**
   * SO_REUSEPORT: several processes bind the same port and the kernel spreads new connections
   * among them by a hash of each connection's addresses and ports (Linux). Off by default.
   */
  reusePort?: boolean;
}

/** Binds a hono app's fetch handler to a port. */
export function serveHttp(fetch: FetchHandler, options: ListenOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = createAdaptorServer({ fetch, hostname: options.host }) as Server;
    server.once('error', reject);
    const listen = { port: options.port, host: options.host, reusePort: options.reusePort ?? false };
    server.listen(listen, () => {
      const info = server.address() as AddressInfo;
      const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: () => drain(),
      });
    });
    server.keepAliveTimeout = 5_000;

    // While draining, every response says `Connection: close` and its socket ends after it: a
    // keep-alive client opens a new connection (to another pod) for its next request instead of
    // reusing one that would keep this pod serving past its drain bound.
    let draining = false;
    const unanswered = new Set<ServerResponse>();
    // Before the app's own listener: an app may answer synchronously, and these decide its headers.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      if (draining) response.shouldKeepAlive = false;
      closeUnlessBodyRead(request, response, () => draining);
      unanswered.add(response);
      response.once('close', () => unanswered.delete(response));
    });
    // http.Server#close also destroys idle keep-alive connections at once, resetting a request a
    // client is writing into one at that instant; net.Server#close only stops accepting, and idle
    // connections are closed after a grace in which such a request is still read and answered.
    const drain = () =>
      new Promise<void>((done) => {
        draining = true;
        for (const response of unanswered) if (!response.headersSent) response.shouldKeepAlive = false;
        NetServer.prototype.close.call(server, () => done());
        setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS).unref();
      });
  });
}

/**
 * An answer given before the request body was read (a 401, a 413, a bad id) says `Connection: close`.
 * The node adapter drains such a body for at most 500 ms, then destroys the socket: a client that had
 * finished its upload, got the answer and reused the connection would lose its next request.
 */
function closeUnlessBodyRead(request: IncomingMessage, response: ServerResponse, draining: () => boolean) {
  const length = request.headers['content-length'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || !response.shouldKeepAlive) return;
  response.shouldKeepAlive = false;
  request.once('end', () => {
    if (!response.headersSent && !draining()) response.shouldKeepAlive = true;
  });
}
