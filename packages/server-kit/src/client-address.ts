import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The proxies (CIDRs) whose `X-Forwarded-For` is believed: the Ingress controller's pods, a load balancer. */
export interface TrustedProxies {
  list: BlockList;
  /** As configured, for logs and docs. */
  cidrs: readonly string[];
}

/** Parses `10.0.0.0/8, fd00::/8, 192.0.2.7` (a bare address is a /32 or /128); throws naming a bad entry. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const list = new BlockList();
  const cidrs = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const cidr of cidrs) {
    const [address = '', prefixText, extra] = cidr.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    const validPrefix = Number.isInteger(prefix) && prefix >= 0 && prefix <= max && prefixText !== '';
    if (family === 0 || extra !== undefined || !validPrefix)
      throw new Error(`not an address or CIDR: ${cidr}`);
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { list, cidrs };
}

export const NO_TRUSTED_PROXIES: TrustedProxies = parseTrustedProxies('');

// `::ffff:10.1.2.3` (an IPv4 peer on a dual-stack socket) is checked as the IPv4 address it is.
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped ?? address;
}

function trusted(proxies: TrustedProxies, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket peer, unless that peer is a trusted proxy; then `X-Forwarded-For`
 * read from the right, skipping trusted proxies, up to the first address none of them is. Entries
 * left of it were written by the client and are never believed; an unreadable one stops the walk.
 */
export function resolveClientAddress(
  socketAddress: string,
  forwardedFor: string | undefined,
  proxies: TrustedProxies,
): string {
  let client = normalize(socketAddress);
  if (!trusted(proxies, client) || !forwardedFor) return client;
  const hops = forwardedFor.split(',').map((hop) => normalize(hop.trim()));
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index] ?? '';
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted(proxies, hop)) return hop;
  }
  return client;
}

/** The client address of a request served by @hono/node-server ('unknown' without a socket). */
export function clientAddress(c: Context, proxies: TrustedProxies): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // no node socket (a test calling app.request without bindings)
  }
  return resolveClientAddress(socket, c.req.header('x-forwarded-for'), proxies);
}
