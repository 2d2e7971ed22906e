/** A parsed IP address: its family and its value as an unsigned integer (32 or 128 bits). */
export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

/** Parses dotted-quad IPv4 to a number, or undefined when it is not one. */
export function parseIpv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv6(ip: string): bigint | undefined {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 (::ffff:a.b.c.d) is reported as IPv4. */
export function parseIp(ip: string): ParsedIp | undefined {
  const v4 = parseIpv4(ip.trim());
  if (v4 !== undefined) return { version: 4, value: BigInt(v4) };
  const v6 = parseIpv6(ip.trim());
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/**
 * The form used as the `ip` feature: IPv4 (including IPv4-mapped IPv6 such as Node's
 * `::ffff:192.0.2.1`) as a dotted quad, IPv6 lower-cased, anything unparsable unchanged.
 */
export function canonicalIp(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) return ip;
  if (parsed.version === 6) return ip.trim().toLowerCase();
  const v = Number(parsed.value);
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** An address range in CIDR notation, as first and last address. */
export interface IpRange {
  version: 4 | 6;
  first: bigint;
  last: bigint;
}

/** Parses `a.b.c.d/n`, `x::/n` or a single address (a /32 or /128); undefined when malformed. */
export function parseCidr(cidr: string): IpRange | undefined {
  const [address, prefixText, extra] = cidr.trim().split('/');
  if (address === undefined || extra !== undefined) return undefined;
  const ip = parseIp(address);
  if (!ip) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  return { version: ip.version, first, last: first + (1n << hostBits) - 1n };
}

// Ranges no geo database knows: private, loopback, link-local, CGNAT, documentation, multicast, reserved.
const NON_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
  '::/127',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
  '2001:db8::/32',
].map((cidr) => parseCidr(cidr) as IpRange);

/** True for addresses routed on the public internet (so worth a geo lookup). */
export function isPublicIp(ip: ParsedIp): boolean {
  return !NON_PUBLIC.some((r) => r.version === ip.version && ip.value >= r.first && ip.value <= r.last);
}
