import { type IncomingMessage, type Server, ServerResponse } from 'node:http';
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
    let draining = false;
    const server = createAdaptorServer({
      fetch,
      hostname: options.host,
      serverOptions: { ServerResponse: responseDecidingConnection(() => draining) },
    }) as Server;
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

    // http.Server#close also destroys idle keep-alive connections at once, resetting a request a
    // client is writing into one at that instant; net.Server#close only stops accepting, and idle
    // connections are closed after a grace in which such a request is still read and answered.
    const drain = () =>
      new Promise<void>((done) => {
        draining = true;
        NetServer.prototype.close.call(server, () => done());
        setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS).unref();
      });
  });
}

/**
 * Responses that decide `Connection` when their headers go out (`writeHead`, which implicit headers
 * call too), rather than per request in listeners and a set of unanswered responses. Those cost
 * allocations on every request, and a long-lived set whose entries come and go allocates its resized
 * tables in the old generation: garbage that kept the responses (and their requests) alive through
 * minor collections until a full one, most of what the gateway promoted under load.
 *
 * - While draining, every response says `Connection: close` and its socket ends after it: a
 *   keep-alive client opens a new connection (to another pod) for its next request instead of
 *   reusing one that would keep this pod serving past its drain bound.
 * - An answer given before the request body was read (a 401, a 413, a bad id) says `Connection:
 *   close`. The node adapter drains such a body for at most 500 ms, then destroys the socket: a
 *   client that had finished its upload, got the answer and reused the connection would lose its
 *   next request.
 */
function responseDecidingConnection(draining: () => boolean) {
  return class ConnectionDecidingResponse<
    Incoming extends IncomingMessage = IncomingMessage,
  > extends ServerResponse<Incoming> {
    override writeHead(statusCode: number, ...rest: unknown[]): this {
      if (this.shouldKeepAlive && (draining() || bodyUnread(this.req))) this.shouldKeepAlive = false;
      return (super.writeHead as (statusCode: number, ...rest: unknown[]) => this)(statusCode, ...rest);
    }
  };
}

function bodyUnread(request: IncomingMessage): boolean {
  if (request.readableEnded) return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
