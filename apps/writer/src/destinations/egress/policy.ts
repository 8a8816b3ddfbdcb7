import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** IPv6 global unicast: everything outside it (ULA, link-local, mapped, NAT64, …) is not the internet. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Words for ipaddr.js' range names, as the project admin reads them in a delivery's reason. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private',
  linkLocal: 'a link-local (cloud metadata)',
  uniqueLocal: 'a unique-local',
  carrierGradeNat: 'a carrier-grade NAT',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
};

/**
 * Which addresses a destination may connect to: public unicast only, unless an operator's CIDR
 * re-opens a range (a webhook receiver or database on the operator's own network, or loopback for
 * tests). IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export class AddressPolicy {
  private readonly allowed: readonly Cidr[];

  constructor(allowedCidrs: readonly string[] = []) {
    this.allowed = allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr.trim()));
  }

  /** Why `address` is refused (`10.0.0.5 (a private address)`), or undefined when it is permitted. */
  refusal(address: string): string | undefined {
    if (!ipaddr.isValid(address)) return `${address} (not an IP address)`;
    const parsed = ipaddr.process(address);
    if (this.allowed.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) {
      return undefined;
    }
    const range = parsed.range();
    const isPublic = range === 'unicast' && (parsed.kind() === 'ipv4' || parsed.match(GLOBAL_UNICAST_V6));
    if (isPublic) return undefined;
    const words = RANGE_WORDS[range] ?? `a reserved (${range})`;
    return `${parsed.toString()} (${words} address)`;
  }
}

/** Checks a comma-separated CIDR list (the allow-list's configuration); returns the bad entries. */
export function invalidCidrs(list: readonly string[]): string[] {
  return list.filter((cidr) => !ipaddr.isValidCIDR(cidr.trim()));
}

/** `a/8, b/16` → the entries, without blanks. */
export function splitCidrs(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
