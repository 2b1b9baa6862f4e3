import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { addressKey, clientAddress, compileTrust, trustListProblems } from './addresses';

describe('trusted proxies', () => {
  it('trusts the listed addresses, ranges and named ranges, IPv4 on dual-stack sockets too, and nothing else', () => {
    const trust = compileTrust(['10.0.0.0/8', '192.0.2.7', 'loopback', 'fd00::/8']);
    expect(['10.1.2.3', '::ffff:10.9.9.9', '192.0.2.7', '127.0.0.1', '::1', 'fd12::1'].map(trust)).toEqual([true, true, true, true, true, true]);
    expect(['11.0.0.1', '192.0.2.8', '::2', 'fe80::1', 'not-an-ip', ''].map(trust)).toEqual([false, false, false, false, false, false]);
    expect(compileTrust([])('127.0.0.1')).toBe(false);
  });

  it('takes the client from X-Forwarded-For only as far as trusted proxies reported it', () => {
    const trust = compileTrust(['10.0.0.0/8']);
    // Not from a trusted proxy: the header is the client's own claim.
    expect(clientAddress('203.0.113.5', '198.51.100.1', trust)).toBe('203.0.113.5');
    // From the load balancer: the last hop it added is the client; what the client put in front is ignored.
    expect(clientAddress('10.0.0.2', '198.51.100.1, 203.0.113.9', trust)).toBe('203.0.113.9');
    // Through two trusted hops.
    expect(clientAddress('10.0.0.2', ['198.51.100.1, 203.0.113.9', '10.0.0.3'], trust)).toBe('203.0.113.9');
    // A trusted peer with no header is the client itself.
    expect(clientAddress('10.0.0.2', undefined, trust)).toBe('10.0.0.2');
  });

  it('counts IPv6 clients by their /56 and IPv4 by address', () => {
    expect(addressKey('2001:db8:aa:bb01::1')).toBe(addressKey('2001:db8:aa:bbff:1234::9'));
    expect(addressKey('2001:db8:aa:bb01::1')).not.toBe(addressKey('2001:db8:aa:cc01::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe(addressKey('192.0.2.1'));
    expect(addressKey('192.0.2.1')).not.toBe(addressKey('192.0.2.2'));
  });

  it('IOC_TRUST_PROXY accepts lists of addresses, ranges and names, and names each bad entry', () => {
    expect(trustListProblems('127.0.0.1,10.0.0.0/8 loopback, ::1, fd00::/8')).toEqual([]);
    const env = parseEnv({ IOC_TRUST_PROXY: '10.0.0.0/8, 10.0.0.0/33,lb.example, 1.2.3.4/8/9' });
    expect('problems' in env && env.problems).toEqual([
      'IOC_TRUST_PROXY: "10.0.0.0/33" is not an address, a range like 10.0.0.0/8, or one of loopback, linklocal, uniquelocal',
      'IOC_TRUST_PROXY: "lb.example" is not an address, a range like 10.0.0.0/8, or one of loopback, linklocal, uniquelocal',
      'IOC_TRUST_PROXY: "1.2.3.4/8/9" is not an address, a range like 10.0.0.0/8, or one of loopback, linklocal, uniquelocal',
    ]);
    const ok = parseEnv({ IOC_TRUST_PROXY: 'loopback, 10.0.0.0/8' });
    expect('problems' in ok ? ok.problems : ok.IOC_TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    const unset = parseEnv({});
    expect('problems' in unset ? unset.problems : unset.IOC_TRUST_PROXY).toBeUndefined();
  });
});
