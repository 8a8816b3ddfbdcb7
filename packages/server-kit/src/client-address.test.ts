import { describe, expect, it } from 'vitest';
import { NO_TRUSTED_PROXIES, parseTrustedProxies, resolveClientAddress } from './client-address.ts';

const ingress = parseTrustedProxies('10.0.0.0/8, fd00::/8');

describe('client address', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', NO_TRUSTED_PROXIES)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.5', '198.51.100.1', NO_TRUSTED_PROXIES)).toBe('10.0.0.5');
  });

  it('is the address a trusted proxy forwarded for', () => {
    expect(resolveClientAddress('10.0.0.5', '198.51.100.1', ingress)).toBe('198.51.100.1');
    expect(resolveClientAddress('::ffff:10.0.0.5', '198.51.100.1', ingress)).toBe('198.51.100.1');
    expect(resolveClientAddress('fd00::7', '2001:db8::1', ingress)).toBe('2001:db8::1');
  });

  it('believes only what trusted proxies appended: a client-written entry on the left is ignored', () => {
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4, 198.51.100.1', ingress)).toBe('198.51.100.1');
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4, 198.51.100.1, 10.9.9.9', ingress)).toBe('198.51.100.1');
  });

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(resolveClientAddress('198.51.100.7', '10.0.0.1, 1.2.3.4', ingress)).toBe('198.51.100.7');
  });

  it('stops at an unreadable entry instead of believing what lies left of it', () => {
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4, garbage', ingress)).toBe('10.0.0.5');
    expect(resolveClientAddress('10.0.0.5', '', ingress)).toBe('10.0.0.5');
  });

  it('parses CIDRs and bare addresses, and names a bad entry', () => {
    const single = parseTrustedProxies('192.0.2.7');
    expect(resolveClientAddress('192.0.2.7', '198.51.100.1', single)).toBe('198.51.100.1');
    expect(resolveClientAddress('192.0.2.8', '198.51.100.1', single)).toBe('192.0.2.8');
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.0/8/1', '10.0.0.0/', 'fd00::/129']) {
      expect(() => parseTrustedProxies(bad)).toThrow(`not an address or CIDR: ${bad}`);
    }
  });
});
