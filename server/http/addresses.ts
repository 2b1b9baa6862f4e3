import { BlockList, isIP } from 'node:net';
import { ipKeyGenerator } from 'express-rate-limit';

/** Named ranges IOC_TRUST_PROXY accepts besides addresses and CIDR ranges (the names Express uses). */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Whether a peer is a trusted proxy, whose `X-Forwarded-For` is believed. */
export type TrustProxy = (address: string) => boolean;

/** The entries of an IOC_TRUST_PROXY list: comma or space separated. */
export function trustEntries(list: string | undefined): string[] {
  return (list ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Each entry that is not an address, a CIDR range (`10.0.0.0/8`) or a named range, described. */
export function trustListProblems(list: string): string[] {
  return trustEntries(list)
    .filter((entry) => rangesOf(entry) === null)
    .map((entry) => `"${entry}" is not an address, a range like 10.0.0.0/8, or one of ${Object.keys(NAMED_RANGES).join(', ')}`);
}

/** A trust function for these entries (validated by `trustListProblems`); none: trust no one. */
export function compileTrust(entries: string[]): TrustProxy {
  if (!entries.length) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    for (const range of rangesOf(entry) ?? []) {
      if (range.prefix === null) list.addAddress(range.address, range.type);
      else list.addSubnet(range.address, range.prefix, range.type);
    }
  }
  return (address) => {
    const plain = unmapped(address);
    const type = isIP(plain);
    return type !== 0 && list.check(plain, type === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * The client's address as Express computes `req.ip`: walking `X-Forwarded-For` from the nearest
 * hop, each address is believed only while the one that reported it is trusted.
 */
export function clientAddress(remote: string, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  let address = remote;
  if (!trust(address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    address = hops[i]!;
    if (!trust(address)) break;
  }
  return address;
}

/** The key a client address is counted under: IPv6 clients by their /56, since each has a whole range to rotate through. */
export function addressKey(address: string | undefined): string {
  return ipKeyGenerator(unmapped(address ?? ''), 56);
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) as `10.0.0.1`. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

interface Range {
  address: string;
  prefix: number | null;
  type: 'ipv4' | 'ipv6';
}

function rangesOf(entry: string): Range[] | null {
  const named = NAMED_RANGES[entry.toLowerCase()];
  if (named) return named.map((r) => rangesOf(r)![0]!);
  const [address = '', prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const type = version === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) return [{ address, prefix: null, type }];
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= (version === 4 ? 32 : 128))) return null;
  return [{ address, prefix: bits, type }];
}
