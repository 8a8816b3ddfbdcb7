import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { Egress } from './egress.ts';

/**
 * An undici agent whose every connection goes through `egress`: the host is resolved and checked
 * once, and the socket is opened to that checked address (TLS still verifies the certificate
 * against the name). A refused host fails the request before any byte leaves the writer.
 */
export function guardedAgent(egress: Egress, timeoutMs: number): Agent {
  const connectTo = buildConnector({ timeout: timeoutMs });
  const connect: buildConnector.connector = (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    egress.resolve(host).then(
      (address) =>
        connectTo(
          {
            ...options,
            hostname: address,
            ...(isIP(host) === 0 ? { servername: options.servername ?? host } : {}),
          },
          callback,
        ),
      (error: Error) => callback(error, null),
    );
  };
  return new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
}
