import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AddressPolicy } from './policy.ts';

/** A host name's addresses; injected so tests can make a name resolve anywhere without a DNS server. */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

export const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A destination the writer will not connect to; its message is the reason the project admin sees. */
export class DestinationRefused extends Error {
  override readonly name = 'DestinationRefused';
}

export interface EgressOptions {
  /** CIDRs re-opened by the operator (DESTINATION_ALLOWED_CIDRS). */
  allowedCidrs?: readonly string[];
  lookup?: HostLookup;
}

/**
 * The one place a destination's host becomes an address. It is resolved once, checked, and the
 * caller connects to the address it returns, never to the name: a second resolution (DNS rebinding)
 * cannot swap in a private address between the check and the connection.
 */
export class Egress {
  private readonly policy: AddressPolicy;
  private readonly lookup: HostLookup;

  constructor(options: EgressOptions = {}) {
    this.policy = new AddressPolicy(options.allowedCidrs);
    this.lookup = options.lookup ?? systemLookup;
  }

  /** The first permitted address of `host` (a name or an IP literal, brackets allowed). */
  async resolve(host: string): Promise<string> {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    if (bare === '') throw new DestinationRefused('the destination has no host');
    let addresses: readonly string[];
    if (isIP(bare) !== 0) {
      addresses = [bare];
    } else {
      try {
        addresses = await this.lookup(bare);
      } catch (error) {
        // Not a refusal: the name may resolve later. The caller retries like any connect failure.
        throw new Error(`cannot resolve ${bare}`, { cause: error });
      }
    }
    const refusals: string[] = [];
    for (const address of addresses) {
      const refusal = this.policy.refusal(address);
      if (refusal === undefined) return address;
      refusals.push(refusal);
    }
    if (refusals.length === 0) throw new Error(`cannot resolve ${bare}: no addresses`);
    const via = bare === addresses[0] ? '' : `${bare} resolves to `;
    throw new DestinationRefused(
      `destination refused: ${via}${refusals.join(', ')}; an operator can allow it with DESTINATION_ALLOWED_CIDRS`,
    );
  }
}

/** The DestinationRefused somewhere in an error's cause chain (fetch and pg wrap connect errors). */
export function findRefusal(error: unknown): DestinationRefused | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof DestinationRefused) return current;
    current = current.cause;
  }
  return undefined;
}
