import { describe, expect, it } from 'vitest';
import { AddressPolicy, invalidCidrs, splitCidrs } from './policy.ts';

const policy = new AddressPolicy();

describe('AddressPolicy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['fe80::1', 'link-local (cloud metadata)'],
    ['fd00:ec2::254', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
  ])('refuses %s (%s)', (address, words) => {
    expect(policy.refusal(address)).toMatch(
      new RegExp(`\\(an? ${words.replace(/[()]/g, '\\$&')} address\\)$`),
    );
  });

  it.each([
    '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
    '2002:7f00:1::1', // 6to4 of 127.0.0.1
    '2001::1', // Teredo
    '::7f00:1', // IPv4-compatible, deprecated
    '198.18.0.1', // benchmarking
    '192.0.2.1', // documentation
    '240.0.0.1', // reserved
  ])('refuses %s, which embeds or is not a public address', (address) => {
    expect(policy.refusal(address)).toMatch(/\(a reserved|\(a/);
  });

  it('permits public unicast addresses, IPv4 and IPv6', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(policy.refusal(address), address).toBeUndefined();
    }
  });

  it("re-opens exactly the operator's CIDRs", () => {
    const allowing = new AddressPolicy(['10.20.0.0/16', '127.0.0.1/32', 'fd00:1::/32']);
    expect(allowing.refusal('10.20.5.5')).toBeUndefined();
    expect(allowing.refusal('127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('::ffff:127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('fd00:1::5')).toBeUndefined();
    expect(allowing.refusal('10.21.0.1')).toMatch(/private/);
    expect(allowing.refusal('127.0.0.2')).toMatch(/loopback/);
    expect(allowing.refusal('::1')).toMatch(/loopback/);
  });

  it('names what is not an address', () => {
    expect(policy.refusal('example.com')).toBe('example.com (not an IP address)');
  });
});

describe('the allow-list setting', () => {
  it('splits a comma list and names invalid entries', () => {
    expect(splitCidrs(' 10.0.0.0/8, ,fd00::/8 ')).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(invalidCidrs(['10.0.0.0/8', '10.0.0.1', 'nope/3', '::1/129'])).toEqual([
      '10.0.0.1',
      'nope/3',
      '::1/129',
    ]);
  });
});
